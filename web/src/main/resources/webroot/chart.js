/*
 * HUSAI line chart: a small canvas chart written for this UI (no dependency, no CDN).
 * A chart holds layers drawn in order: band (x, lo, hi), line (x, y), ref (dashed line) and mark (x, label:
 * a dotted vertical line labelled at the top). Data arrays are kept sorted by x; call chart.draw() (cheap: one
 * pass over the points) when data changed. opts.onHover(x | null) is called with the x of the point of the first
 * line layer nearest to the mouse (a cursor line is drawn there), and with null when the mouse leaves.
 */
"use strict";

class LineChart {
  constructor(canvas, opts) {
    this.canvas = canvas;
    this.opts = Object.assign({ title: "", yMin: null, yMax: null, xLabel: "step" }, opts || {});
    this.layers = [];
    this.hoverX = null;
    this.scale = null;
    if (this.opts.onHover) {
      canvas.addEventListener("mousemove", ev => this.hover(ev.offsetX));
      canvas.addEventListener("mouseleave", () => { this.hoverX = null; this.opts.onHover(null); this.draw(); });
    }
  }

  /** Snaps a mouse x (CSS pixels) to the nearest x of the first line layer, then redraws and reports it. */
  hover(px) {
    const line = this.layers.find(l => l.kind === "line" && l.points.length > 0);
    if (!line || !this.scale) return;
    const x = this.scale.x0 + (px - this.scale.left) / this.scale.width * (this.scale.x1 - this.scale.x0);
    let best = line.points[0][0];
    for (const p of line.points) if (Math.abs(p[0] - x) < Math.abs(best - x)) best = p[0];
    this.hoverX = best;
    this.opts.onHover(best);
    this.draw();
  }

  /** Adds a layer: {kind: "line"|"band"|"ref", label, color, width, points: []}; returns it. */
  layer(spec) {
    const l = Object.assign({ kind: "line", label: "", color: "#1f77b4", width: 1.5, points: [], legend: true }, spec);
    this.layers.push(l);
    return l;
  }

  /** Inserts a point keeping x order; replaces a point with the same x. */
  static insert(points, p) {
    let i = points.length;
    while (i > 0 && points[i - 1][0] > p[0]) i--;
    if (i > 0 && points[i - 1][0] === p[0]) points[i - 1] = p; else points.splice(i, 0, p);
  }

  pointCount() {
    return this.layers.reduce((n, l) => Math.max(n, l.points.length), 0);
  }

  bounds() {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const l of this.layers) {
      for (const p of l.points) {
        x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]);
        for (let k = 1; k < p.length; k++) if (Number.isFinite(p[k])) { y0 = Math.min(y0, p[k]); y1 = Math.max(y1, p[k]); }
      }
    }
    if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; }
    if (x0 === x1) x1 = x0 + 1;
    if (this.opts.yMin !== null) y0 = Math.min(this.opts.yMin, Number.isFinite(y0) ? y0 : this.opts.yMin);
    if (this.opts.yMax !== null) y1 = Math.max(this.opts.yMax, Number.isFinite(y1) ? y1 : this.opts.yMax);
    if (!Number.isFinite(y0)) { y0 = 0; y1 = 1; }
    if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
    return { x0, x1, y0, y1 };
  }

  static ticks(lo, hi, n) {
    const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
    return out;
  }

  static fmt(v) {
    const a = Math.abs(v);
    return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(1) : String(+v.toPrecision(4));
  }

  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const pad = { l: 44, r: 20, t: 34, b: 30 }, b = this.bounds();
    const sx = x => pad.l + (x - b.x0) / (b.x1 - b.x0) * (w - pad.l - pad.r);
    const sy = y => h - pad.b - (y - b.y0) / (b.y1 - b.y0) * (h - pad.t - pad.b);
    this.axes(g, b, sx, sy, w, h, pad);
    g.save();
    g.beginPath(); g.rect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b); g.clip();
    for (const l of this.layers) this.drawLayer(g, l, sx, sy);
    if (this.hoverX !== null) this.cursor(g, sx(this.hoverX), pad.t, h - pad.b);
    g.restore();
    this.scale = { left: pad.l, width: w - pad.l - pad.r, x0: b.x0, x1: b.x1 };
    this.legend(g, w, pad);
    c.dataset.points = String(this.pointCount());
  }

  axes(g, b, sx, sy, w, h, pad) {
    g.font = "11px sans-serif"; g.fillStyle = "#444"; g.strokeStyle = "#e4e4e4"; g.lineWidth = 1;
    g.textAlign = "right"; g.textBaseline = "middle";
    for (const v of LineChart.ticks(b.y0, b.y1, 4)) {
      g.beginPath(); g.moveTo(pad.l, sy(v)); g.lineTo(w - pad.r, sy(v)); g.stroke();
      g.fillText(LineChart.fmt(v), pad.l - 4, sy(v));
    }
    g.textAlign = "center"; g.textBaseline = "top";
    for (const v of LineChart.ticks(b.x0, b.x1, 6)) g.fillText(LineChart.fmt(v), sx(v), h - pad.b + 4);
    g.strokeStyle = "#888"; g.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
    g.textAlign = "left"; g.font = "bold 12px sans-serif"; g.fillStyle = "#222";
    g.fillText(this.opts.title, pad.l, 4);
  }

  cursor(g, x, top, bottom) {
    g.strokeStyle = "#0008"; g.lineWidth = 1;
    g.beginPath(); g.moveTo(x, top); g.lineTo(x, bottom); g.stroke();
  }

  drawMarks(g, l, sx, top) {
    g.strokeStyle = l.color; g.fillStyle = l.color; g.lineWidth = 1; g.setLineDash([2, 3]);
    g.font = "10px sans-serif"; g.textAlign = "left"; g.textBaseline = "top";
    for (const p of l.points) {
      g.beginPath(); g.moveTo(sx(p[0]), top); g.lineTo(sx(p[0]), top + 2000); g.stroke();
      g.fillText(String(p[1]), sx(p[0]) + 2, top + 2);
    }
    g.setLineDash([]);
  }

  drawLayer(g, l, sx, sy) {
    const pts = l.points;
    if (pts.length === 0) return;
    if (l.kind === "mark") { this.drawMarks(g, l, sx, 34); return; }
    if (l.kind === "band") {
      g.beginPath();
      pts.forEach((p, i) => i ? g.lineTo(sx(p[0]), sy(p[2])) : g.moveTo(sx(p[0]), sy(p[2])));
      for (let i = pts.length - 1; i >= 0; i--) g.lineTo(sx(pts[i][0]), sy(pts[i][1]));
      g.closePath(); g.fillStyle = l.color; g.fill();
      return;
    }
    g.beginPath(); g.strokeStyle = l.color; g.lineWidth = l.width;
    g.setLineDash(l.kind === "ref" ? [6, 4] : []);
    pts.forEach((p, i) => i ? g.lineTo(sx(p[0]), sy(p[1])) : g.moveTo(sx(p[0]), sy(p[1])));
    g.stroke(); g.setLineDash([]);
    if (pts.length === 1) { g.fillStyle = l.color; g.fillRect(sx(pts[0][0]) - 2, sy(pts[0][1]) - 2, 4, 4); }
  }

  legend(g, w, pad) {
    g.font = "11px sans-serif"; g.textBaseline = "middle"; g.textAlign = "left";
    let x = pad.l;
    const y = 24;
    for (const l of this.layers.filter(l => l.legend && l.label)) {
      const next = x + 22 + g.measureText(l.label).width;
      if (next > w - pad.r + 6) break;
      g.fillStyle = l.color; g.fillRect(x, y - 4, 12, 8);
      g.fillStyle = "#333"; g.fillText(l.label, x + 15, y);
      x = next;
    }
  }
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
