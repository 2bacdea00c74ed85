/*
 * The group page's ground-truth table, from the analyzer's sampled `fourier` points (one per seed, see
 * docs/protocol.md): rows = key frequencies, columns = seeds; a cell reads "latents (universal)" and "best purity".
 * Only the latest point of each seed is shown; the note says at which step(s) they were computed.
 * Every value enters the page through textContent.
 */
"use strict";

class FourierTable {
  constructor(table, note) {
    this.table = table;
    this.note = note;
    this.latest = new Map();  // seed -> latest fourier point
    this.dirty = true;
  }

  add(p) {
    if (typeof p.seed !== "number" || !Array.isArray(p.frequencies)) return;
    const old = this.latest.get(p.seed);
    if (old && old.step > p.step) return;
    this.latest.set(p.seed, p);
    this.dirty = true;
  }

  render() {
    if (!this.dirty) return;
    this.dirty = false;
    const seeds = [...this.latest.keys()].sort((a, b) => a - b);
    const head = this.table.tHead.rows[0], body = this.table.tBodies[0];
    head.replaceChildren(el("th", "key frequency k"), ...seeds.map(s => el("th", "seed " + s)));
    body.replaceChildren();
    if (!seeds.length) {
      this.note.textContent = "no Fourier recovery yet (the analyzer computes it when started with a testbed, "
        + "at most every 20 s per group and at each seed's last snapshot)";
      return;
    }
    const keys = [];
    for (const s of seeds) for (const r of this.latest.get(s).frequencies) if (!keys.includes(r.frequency)) keys.push(r.frequency);
    for (const k of keys) {
      const tr = el("tr");
      tr.appendChild(el("th", "k = " + k));
      for (const s of seeds) tr.appendChild(FourierTable.cell(this.latest.get(s).frequencies.find(r => r.frequency === k)));
      body.appendChild(tr);
    }
    const total = el("tr");
    total.appendChild(el("th", "recovered"));
    for (const s of seeds) {
      const p = this.latest.get(s);
      total.appendChild(el("td", p.frequencies.filter(r => r.latents > 0).length + " of " + p.frequencies.length));
    }
    body.appendChild(total);
    this.note.textContent = FourierTable.noteText(seeds.map(s => this.latest.get(s)));
  }

  static cell(r) {
    const td = el("td", undefined, "cell");
    if (!r) { td.textContent = "–"; return td; }
    td.appendChild(el("div", r.latents + " (" + r.universal + ")", "value" + (r.latents > 0 ? "" : " missing")));
    td.appendChild(el("div", "best " + num(r.best_purity, 2), "muted"));
    return td;
  }

  /**
   * "computed at step 1200 · p = 113 · purity ≥ 0.50 · ...", or per step when the seeds' latest points differ
   * (a stopped seed): "computed at step 1200 (seeds 0, 1, 2), step 900 (seed 3) · ...".
   */
  static noteText(points) {
    const bySteps = new Map();
    for (const p of points) bySteps.set(p.step, (bySteps.get(p.step) || []).concat([p.seed]));
    const steps = [...bySteps.keys()].sort((a, b) => b - a);
    const at = steps.length === 1 ? "computed at step " + steps[0] : "computed at " + steps.map(s => {
      const seeds = bySteps.get(s);
      return "step " + s + " (seed" + (seeds.length > 1 ? "s " : " ") + seeds.join(", ") + ")";
    }).join(", ");
    const p = points[0];
    return at + " · p = " + p.p + " · purity ≥ " + num(p.min_purity, 2) + " · universal = found at τ = " + num(p.tau, 2)
      + " by every other seed";
  }
}
