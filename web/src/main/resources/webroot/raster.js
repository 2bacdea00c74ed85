/*
 * Crystallization raster of one seed: latents (rows, sorted by crystallization step, earliest at the bottom) x steps.
 * Input: the seed point's crystallization_runs [[step, latents, of which ever diverged], ...] as of the latest
 * finalised step. A run is drawn from its crystallization step to the latest step (blue; orange for latents that
 * had lost their match before); the latents not crystallized now fill the top (grey).
 */
"use strict";

class CrystalRaster {
  constructor(canvas) {
    this.canvas = canvas;
  }

  /** Draws runs for a seed whose latest step is `step`, over the x range [x0, x1] of the stability charts. */
  draw(runs, latents, step, x0, x1) {
    const c = this.canvas, dpr = window.devicePixelRatio || 1, w = c.clientWidth, h = c.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const pad = { l: 44, r: 20, t: 22, b: 30 }, pw = w - pad.l - pad.r, ph = h - pad.t - pad.b;
    if (x1 <= x0) x1 = x0 + 1;
    const sx = x => pad.l + (x - x0) / (x1 - x0) * pw;
    const rowH = ph / Math.max(1, latents);
    let y = h - pad.b;
    for (const [start, n, diverged] of runs) {
      const left = sx(start), right = sx(step);
      g.fillStyle = "#1f77b4"; g.fillRect(left, y - (n - diverged) * rowH, right - left, (n - diverged) * rowH);
      g.fillStyle = "#ff7f0e"; g.fillRect(left, y - n * rowH, right - left, diverged * rowH);
      y -= n * rowH;
    }
    g.fillStyle = "#e0e0e0"; g.fillRect(pad.l, pad.t, sx(step) - pad.l, y - pad.t);
    this.axes(g, pad, w, h, x0, x1, sx, latents);
    c.dataset.runs = String(runs.length);
  }

  axes(g, pad, w, h, x0, x1, sx, latents) {
    g.strokeStyle = "#888"; g.lineWidth = 1; g.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
    g.font = "11px sans-serif"; g.fillStyle = "#444"; g.textAlign = "center"; g.textBaseline = "top";
    for (const v of LineChart.ticks(x0, x1, 6)) g.fillText(LineChart.fmt(v), sx(v), h - pad.b + 4);
    g.textAlign = "right"; g.textBaseline = "middle";
    g.fillText("0", pad.l - 4, h - pad.b);
    g.fillText(String(latents), pad.l - 4, pad.t);
    g.textAlign = "left"; g.textBaseline = "top"; g.font = "bold 12px sans-serif"; g.fillStyle = "#222";
    g.fillText("crystallization raster: latents sorted by crystallization step × steps", pad.l, 4);
  }

  /** One line of text: how many latents are crystallized, how many after a divergence, the median step. */
  static summary(seed, step, runs, latents) {
    const total = runs.reduce((n, r) => n + r[1], 0), diverged = runs.reduce((n, r) => n + r[2], 0);
    let median = "–", seen = 0;
    for (const r of runs) { seen += r[1]; if (seen >= total / 2) { median = String(r[0]); break; } }
    return "seed " + seed + " at step " + step + ": " + total + " of " + latents + " latents crystallized, "
      + diverged + " of them after losing their match once; median crystallization step " + (total ? median : "–");
  }
}
