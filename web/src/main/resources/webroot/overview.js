/*
 * Overview: all groups, polled every 2 s (small JSON); rows built with textContent only.
 * Two views: the list (one row per group) and "compare across F": groups whose configuration is equal except for
 * the factor F form one row, one column per value of F, so a researcher reads the effect of F on stability
 * along a row (e.g. F = sparsity: rows hook·arch·width·lr, columns k=16, k=32, ...).
 */
"use strict";

actionToken();
let lastGroups = [];

/** The factors one can compare across: the config keys they cover and how a value is written. */
const FACTORS = {
  sparsity: { keys: ["k", "l1"], label: "sparsity", value: c => c.k !== undefined ? "k=" + c.k : c.l1 !== undefined ? "l1=" + c.l1 : "–" },
  width: { keys: ["d_sae", "expansion"], label: "width", value: c => c.d_sae === undefined ? "–" : c.expansion !== undefined ? "x" + c.expansion : "d_sae " + c.d_sae },
  arch: { keys: ["arch", "k", "l1"], label: "architecture (with its sparsity)", value: c => (c.arch || "?") + " " + FACTORS.sparsity.value(c) },
  lr: { keys: ["lr"], label: "learning rate", value: c => c.lr === undefined ? "–" : "lr " + c.lr },
  hook: { keys: ["hook", "d_in"], label: "hook point", value: c => c.hook || "–" }
};
/** Order of the config keys in a row label. */
const ROW_KEYS = ["hook", "arch", "expansion", "d_sae", "k", "l1", "lr", "batch_size"];

function config(g) {
  return Object.assign({ arch: g.arch || undefined, hook: g.hook || undefined }, g.config || {});
}

function matches(g, q) {
  if (!q) return true;
  const c = config(g);
  const hay = [g.id, c.arch, c.hook, sparsityText(g), "x" + c.expansion, "lr " + c.lr].join(" ").toLowerCase();
  return hay.includes(q);
}

function groupLink(g) {
  const a = el("a", g.id);
  a.href = "group.html?id=" + encodeURIComponent(g.id);
  return a;
}

function stability(g) {
  return num(g.pw_mcc_dec) + " (" + num(g.baseline_pw_mcc_dec) + ")";
}

function renderList(groups) {
  const head = document.querySelector("#groups thead tr");
  head.replaceChildren(...["group", "arch", "hook", "width", "sparsity", "seeds", "step", "PW-MCC (baseline)",
    "shared fraction (baseline)", "alerts"].map(t => el("th", t)));
  const body = document.querySelector("#groups tbody");
  body.replaceChildren();
  for (const g of groups) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.appendChild(groupLink(g));
    tr.appendChild(td);
    for (const v of [g.arch, g.hook, widthText(g), sparsityText(g), g.seeds, g.step]) tr.appendChild(el("td", v === null || v === undefined ? "–" : v));
    tr.appendChild(el("td", stability(g)));
    tr.appendChild(el("td", num(g.shared_fraction) + " (" + num(g.baseline_shared_fraction) + ")"));
    tr.appendChild(el("td", g.alerts, g.alerts > 0 ? "badge" : ""));
    body.appendChild(tr);
  }
}

/** Row label: the configuration without the factor's keys, e.g. "resid_post · topk · x8 · lr 0.001". */
function rowLabel(c, factor) {
  const parts = [];
  for (const k of ROW_KEYS) {
    if (factor.keys.includes(k) || c[k] === undefined) continue;
    if (k === "d_sae" && c.expansion !== undefined && !factor.keys.includes("expansion")) continue;
    parts.push(k === "expansion" ? "x" + c[k] : k === "hook" || k === "arch" ? c[k] : k === "k" || k === "l1" ? k + "=" + c[k] : k + " " + c[k]);
  }
  return parts.length ? parts.join(" · ") : "(configuration not stated yet)";
}

/** Column order: by prefix, then numerically ("k=8" before "k=16"). */
function compareKey(a, b) {
  const re = /^(.*?)(-?[0-9.]+(?:e-?[0-9]+)?)$/, ma = re.exec(a), mb = re.exec(b);
  if (ma && mb && ma[1] === mb[1]) return parseFloat(ma[2]) - parseFloat(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

function cell(gs) {
  const td = document.createElement("td");
  td.className = "cell";
  for (const g of gs) {
    const div = el("div");
    div.appendChild(el("span", stability(g), "value"));
    div.appendChild(el("span", " shared " + num(g.shared_fraction) + " · " + g.seeds + " seeds · step " + g.step + " ", "muted"));
    div.appendChild(groupLink(g));
    if (g.alerts > 0) div.appendChild(el("span", " " + g.alerts + " alerts", "badge"));
    td.appendChild(div);
  }
  return td;
}

function renderPivot(groups, factor) {
  const rows = new Map(), cols = new Set();
  for (const g of groups) {
    const c = config(g), row = rowLabel(c, factor), col = factor.value(c);
    cols.add(col);
    if (!rows.has(row)) rows.set(row, new Map());
    const r = rows.get(row);
    if (!r.has(col)) r.set(col, []);
    r.get(col).push(g);
  }
  const colList = [...cols].sort(compareKey);
  document.querySelector("#groups thead tr").replaceChildren(el("th", "configuration except " + factor.label),
    ...colList.map(c => el("th", c)));
  const body = document.querySelector("#groups tbody");
  body.replaceChildren();
  for (const row of [...rows.keys()].sort()) {
    const tr = document.createElement("tr");
    tr.appendChild(el("th", row));
    for (const col of colList) tr.appendChild(cell(rows.get(row).get(col) || []));
    body.appendChild(tr);
  }
}

function render() {
  const q = document.getElementById("filter").value.toLowerCase();
  const factor = FACTORS[document.getElementById("compare").value];
  const groups = lastGroups.filter(g => matches(g, q));
  if (factor) renderPivot(groups, factor); else renderList(groups);
}

async function poll() {
  try {
    const r = await fetch("/api/groups");
    lastGroups = await r.json();
    document.getElementById("status").textContent = lastGroups.length + " groups, updated " + new Date().toLocaleTimeString();
    render();
  } catch (e) {
    document.getElementById("status").textContent = "server unreachable, retrying…";
  }
}

document.getElementById("filter").addEventListener("input", render);
document.getElementById("compare").addEventListener("change", render);
poll();
setInterval(poll, 2000);
