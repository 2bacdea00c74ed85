/* Sweep page: one heatmap per architecture (width x sparsity) of a chosen stability measure,
   from /api/sweep (the groups' summary.json). Every string goes in through textContent. Rows are ordered by the
   expansion, which every summary states (at one d_in the same order as d_sae), and labelled with d_sae when the
   summary states it (a summary written before widths were latents has only the expansion). */
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
  for (const arch of [...new Set(data.groups.map(g => g.arch))].sort()) {
    const of = data.groups.filter(g => g.arch === arch);
    const xs = [...new Set(of.map(g => g.sparsity))].sort((a, b) => a - b);
    const ys = [...new Set(of.map(g => g.expansion))].sort((a, b) => a - b);
    const table = el("table", null, "heatmap");
    const head = el("tr");
    head.append(el("th", arch.toLowerCase() + " (d_sae \\ " + (arch === "RELU_L1" ? "l1" : "k") + ")"));
    xs.forEach(x => head.append(el("th", x)));
    table.append(head);
    for (const y of ys) {
      const row = el("tr");
      const w = of.find(o => o.expansion === y);
      row.append(el("th", w.dSae > 0 ? latentsText(w.dSae, y) : expansionText(y)));
      for (const x of xs) {
        const g = of.find(o => o.sparsity === x && o.expansion === y);
        const cell = el("td");
        const text = g ? num(m.of(g)) : "–";
        if (g && live.has(g.group)) {
          const a = el("a", text);
          a.href = "group.html?id=" + encodeURIComponent(g.group);
          cell.append(a);
        } else {
          cell.textContent = text;
        }
        if (g) {
          cell.style.background = colour(m.of(g), lim, m.diverging);
          cell.title = `${g.group}\nseeds ${g.seeds}, FVU ${num(g.quality.fvu, 4)}, L0 ${num(g.quality.l0, 1)}`;
        }
        cell.dataset.group = g ? g.group : "";
        row.append(cell);
      }
      table.append(row);
    }
    maps.append(table);
  }
  const errors = document.getElementById("errors");
  errors.textContent = "";
  data.errors.forEach(e => errors.append(el("li", e)));
  document.getElementById("status").textContent = data.hint ? data.hint
    : `${data.groups.length} finished groups in ${data.dir}`;
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
