/* Sweep page: one heatmap per architecture (width x sparsity) of a chosen stability measure,
   from /api/sweep (the groups' summary.json). Every string goes in through textContent. Rows are ordered by the
   expansion, which every summary states (at one d_in the same order as d_sae), and labelled with d_sae when the
   summary states it (a summary written before widths were latents has only the expansion). A sweep with lr or steps
   axes gets one heatmap per architecture and schedule. A group whose stability curve had not converged (its summary's
   convergence verdict) is marked with "*" and a dashed outline, and says why in its tooltip. */
"use strict";

const MEASURES = {
  raw_excess: { label: "raw PW-MCC excess over random", diverging: true,
    of: g => g.raw.pwMcc.mean - g.raw.baselinePwMcc },
  raw_shared: { label: "raw shared fraction", diverging: false, of: g => g.raw.shared.mean },
  span_excess: { label: "in-span PW-MCC excess over random", diverging: true,
    of: g => g.span.pwMcc.mean - g.span.baselinePwMcc },
  span_shared_excess: { label: "in-span shared fraction minus chance", diverging: true,
    of: g => g.span.shared.mean - Math.max(g.span.baselineShared, g.span.initShared) },
  family_excess: { label: "feature-family subspace overlap minus chance", diverging: true,
    of: g => g.families ? g.families.overlap - g.families.baseline : NaN },
  fourier: { label: "Fourier recovery (share of seed x key frequency)", diverging: false, of: g => g.fourierRecovered },
  fvu: { label: "FVU (reconstruction)", diverging: false, of: g => g.quality.fvu },
};

let data = { groups: [], errors: [] };
let live = new Set();

function colour(v, lim, diverging) {
  if (!Number.isFinite(v)) return "#eee";
  if (diverging) {
    const t = Math.max(-1, Math.min(1, v / (lim || 1)));
    return t >= 0 ? `rgba(178,24,43,${0.1 + 0.8 * t})` : `rgba(33,102,172,${0.1 - 0.8 * t})`;
  }
  return `rgba(178,24,43,${0.1 + 0.8 * Math.max(0, Math.min(1, v / (lim || 1)))})`;
}

function render() {
  const m = MEASURES[document.getElementById("measure").value];
  const maps = document.getElementById("maps");
  maps.textContent = "";
  document.getElementById("explain").textContent = m.label;
  const lim = Math.max(...data.groups.map(g => Math.abs(m.of(g))).filter(Number.isFinite), 1e-9);
  const schedule = g => (g.lr ? "lr " + g.lr + ", " : "") + "steps " + g.steps;
  const schedules = new Set(data.groups.map(schedule));
  const key = g => g.arch + (schedules.size > 1 ? " · " + schedule(g) : "");
  for (const heading of [...new Set(data.groups.map(key))].sort()) {
    const of = data.groups.filter(g => key(g) === heading);
    const arch = of[0].arch;
    const xs = [...new Set(of.map(g => g.sparsity))].sort((a, b) => a - b);
    const ys = [...new Set(of.map(g => g.expansion))].sort((a, b) => a - b);
    const table = el("table", null, "heatmap");
    const head = el("tr");
    head.append(el("th", heading.toLowerCase() + " (d_sae \\ " + (arch === "RELU_L1" ? "l1" : "k") + ")"));
    xs.forEach(x => head.append(el("th", x)));
    table.append(head);
    for (const y of ys) {
      const row = el("tr");
      const w = of.find(o => o.expansion === y);
      row.append(el("th", w.dSae > 0 ? latentsText(w.dSae, y) : expansionText(y)));
      for (const x of xs) {
        const g = of.find(o => o.sparsity === x && o.expansion === y);
        const cell = el("td");
        const open = g && g.convergence && !g.convergence.converged;
        const text = g ? num(m.of(g)) + (open ? "*" : "") : "–";
        if (g && live.has(g.group)) {
          const a = el("a", text);
          a.href = "group.html?id=" + encodeURIComponent(g.group);
          cell.append(a);
        } else {
          cell.textContent = text;
        }
        if (g) {
          cell.style.background = colour(m.of(g), lim, m.diverging);
          cell.title = `${g.group}\nseeds ${g.seeds}, FVU ${num(g.quality.fvu, 4)}, L0 ${num(g.quality.l0, 1)}\n`
            + convergenceText(g.convergence);
          if (open) cell.classList.add("unconverged");
        }
        cell.dataset.group = g ? g.group : "";
        row.append(cell);
      }
      table.append(row);
    }
    maps.append(table);
  }
  const unconverged = data.groups.filter(g => g.convergence && !g.convergence.converged).length;
  const unknown = data.groups.filter(g => !g.convergence).length;
  document.getElementById("convergence").textContent = (unconverged ? `* ${unconverged} of ${data.groups.length} groups `
    + "had not converged (stability still moving over the last quarter of their snapshots): their numbers may change "
    + "with more training. " : "") + (unknown ? `${unknown} summaries predate convergence verdicts `
    + "(husai sweep FILE --resummarize adds them)." : "");
  const errors = document.getElementById("errors");
  errors.textContent = "";
  data.errors.forEach(e => errors.append(el("li", e)));
  document.getElementById("status").textContent = data.hint ? data.hint
    : `${data.groups.length} finished groups in ${data.dir}`;
}

/** The convergence verdict in words (GroupResult.convergence in summary.json). */
function convergenceText(c) {
  if (!c) return "convergence not recorded";
  if (c.converged) return c.lastStep < c.capSteps ? `converged, stopped at step ${c.lastStep} of ${c.capSteps}` : "converged";
  return Number.isFinite(c.steepestSlope)
    ? `not converged: ${c.steepestSeries} still moves ${num(c.steepestSlope, 3)} per 1k steps (rule: <= ${c.maxSlopePer1k})`
    : "not converged: too few snapshots to judge";
}

async function load() {
  try {
    const r = await fetch("api/sweep");
    data = await r.json();
    const groups = await (await fetch("api/groups")).json();
    live = new Set((Array.isArray(groups) ? groups : groups.groups || []).map(g => g.group || g.id));
    render();
  } catch (e) {
    document.getElementById("status").textContent = "cannot reach the server: " + e;
  }
}

const select = document.getElementById("measure");
for (const [key, m] of Object.entries(MEASURES)) select.append(Object.assign(el("option", m.label), { value: key }));
select.addEventListener("change", render);
load();
setInterval(load, 10000);
