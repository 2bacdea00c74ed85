/*
 * Overview: all groups, live over SSE (see connect()); rows built with textContent only.
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
  width: { keys: ["d_sae", "expansion"], label: "width", value: c => c.d_sae === undefined ? "–" : "d_sae " + latentsText(c.d_sae, c.expansion) },
  arch: { keys: ["arch", "k", "l1"], label: "architecture (with its sparsity)", value: c => (c.arch || "?") + " " + FACTORS.sparsity.value(c) },
  lr: { keys: ["lr"], label: "learning rate", value: c => c.lr === undefined ? "–" : "lr " + c.lr },
  hook: { keys: ["hook", "d_in"], label: "hook point", value: c => c.hook || "–" }
};
/** Order of the config keys in a row label. */
const ROW_KEYS = ["hook", "arch", "d_sae", "k", "l1", "lr", "batch_size"];

function config(g) {
  return Object.assign({ arch: g.arch || undefined, hook: g.hook || undefined }, g.config || {});
}

function matches(g, q) {
  if (!q) return true;
  const c = config(g);
  const hay = [g.id, c.arch, c.hook, sparsityText(g), "d_sae " + widthText(g), "lr " + c.lr].join(" ").toLowerCase();
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

/**
 * Puts header cells and rows of cells into the table, replacing only the cells whose content changed (compared by
 * their serialisation): a live update never replaces the link under the user's mouse.
 */
function patchTable(headCells, rows) {
  patchRows(document.querySelector("#groups thead"), [headCells]);
  patchRows(document.querySelector("#groups tbody"), rows);
}

function patchRows(section, rows) {
  while (section.rows.length > rows.length) section.deleteRow(-1);
  rows.forEach((cells, i) => {
    const tr = section.rows[i] || section.appendChild(document.createElement("tr"));
    while (tr.cells.length > cells.length) tr.deleteCell(-1);
    cells.forEach((c, j) => {
      const old = tr.cells[j];
      if (!old) tr.appendChild(c);
      else if (old.outerHTML !== c.outerHTML) old.replaceWith(c);
    });
  });
}

function linkCell(g) {
  const td = document.createElement("td");
  td.appendChild(groupLink(g));
  return td;
}

function renderList(groups) {
  const head = ["group", "arch", "hook", "width", "sparsity", "seeds", "step", "PW-MCC (baseline)",
    "shared fraction (baseline)", "forecast at end", "alerts"].map(t => el("th", t));
  const rows = groups.map(g => [linkCell(g),
    ...[g.arch, g.hook, widthText(g), sparsityText(g), g.seeds, g.step].map(v => el("td", v === null || v === undefined ? "–" : v)),
    el("td", stability(g)), el("td", num(g.shared_fraction) + " (" + num(g.baseline_shared_fraction) + ")"),
    el("td", forecastText(g.forecast, true), "forecast"), el("td", g.alerts, g.alerts > 0 ? "badge" : "")]);
  patchTable(head, rows);
}

/** Row label: the configuration without the factor's keys, e.g. "resid_post · topk · d_sae 1024 (x8) · lr 0.001". */
function rowLabel(c, factor) {
  const parts = [];
  for (const k of ROW_KEYS) {
    if (factor.keys.includes(k) || c[k] === undefined) continue;
    parts.push(k === "d_sae" ? "d_sae " + latentsText(c.d_sae, c.expansion) : k === "hook" || k === "arch" ? c[k] : k === "k" || k === "l1" ? k + "=" + c[k] : k + " " + c[k]);
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
  const head = [el("th", "configuration except " + factor.label), ...colList.map(c => el("th", c))];
  patchTable(head, [...rows.keys()].sort().map(row => [el("th", row),
    ...colList.map(col => cell(rows.get(row).get(col) || []))]));
}

function render() {
  const q = document.getElementById("filter").value.toLowerCase();
  const factor = FACTORS[document.getElementById("compare").value];
  const groups = lastGroups.filter(g => matches(g, q));
  if (factor) renderPivot(groups, factor); else renderList(groups);
}

/*
 * Live: one EventSource on /api/live?view=groups. The server sends every group's summary, then the summary of each
 * group that changed (coalesced); a summary replaces the row. EventSource reconnects by itself with Last-Event-ID
 * and gets only the groups changed meanwhile (all of them after a server restart). Redraw once per animation frame.
 */
const byId = new Map();
let renderQueued = false;

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    lastGroups = [...byId.values()];
    render();
    document.getElementById("status").textContent = "● live · " + lastGroups.length + " groups, updated "
      + new Date().toLocaleTimeString();
  });
}

function connect() {
  const status = document.getElementById("status");
  const es = new EventSource("/api/live?view=groups");
  es.addEventListener("summary", ev => {
    const g = JSON.parse(ev.data);
    byId.set(g.id, g);
    queueRender();
  });
  es.onopen = () => { status.className = "conn-ok"; };
  es.onerror = () => {
    status.textContent = "● reconnecting…"; status.className = "conn-bad";
    // a refusal (503: the server's cap on live connections) closes an EventSource for good: retry after 5 s
    if (es.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  };
}

document.getElementById("filter").addEventListener("input", render);
document.getElementById("compare").addEventListener("change", render);
render();
connect();
