/*
 * Group view. One SSE stream /api/live?group=G: backfill, then live events. EventSource reconnects by itself
 * and sends Last-Event-ID; after a server restart the server replays the group and we de-duplicate on the
 * point identity (type, group, step, seed | a,b). Redraws are batched per animation frame.
 */
"use strict";

const groupId = new URLSearchParams(location.search).get("id") || "";
const seen = new Set();
const seeds = new Map();      // seed -> {step, mean_alignment, others_alignment, crystallized, stopped}
const pending = [];           // publish timestamps of points not yet drawn
window.husaiLatencies = [];   // ms from published_ts to drawn (when the feed stamps published_ts)
let dirty = false;
let marksDirty = false;
let liveSince = Infinity;  // points published after the stream opened are live (older ones are backfill)

document.getElementById("title").textContent = groupId;
document.title = "HUSAI — " + groupId;
const tokenInput = document.getElementById("token");
tokenInput.value = actionToken();
tokenInput.addEventListener("change", () => sessionStorage.setItem("husai.token", tokenInput.value.trim()));

const groupPoints = new Map();  // step -> the group point of that step (mean, min, max, baseline, pairs, seeds)

function stabilityChart(id, title, color, key, baseKey) {
  const s = { pairs: new Map(), key: key, baseKey: baseKey, readout: document.getElementById(id + "-readout"), hoverStep: null };
  const c = new LineChart(document.getElementById(id), { title: title, yMin: 0, yMax: 1,
    onHover: step => { s.hoverStep = step; readout(s); } });
  s.chart = c;
  s.band = c.layer({ kind: "band", label: "min–max", color: color + "33" });
  s.mean = c.layer({ label: "mean", color: color, width: 2.5 });
  s.base = c.layer({ kind: "ref", label: "random baseline", color: "#555", width: 1.5 });
  s.marks = c.layer({ kind: "mark", label: "", color: "#8d6e63", legend: false });
  return s;
}
const pw = stabilityChart("pwmcc", "PW-MCC (decoder) across seeds", "#1f77b4", "pw_mcc_dec", "baseline_pw_mcc_dec");
const sh = stabilityChart("shared", "shared fraction (dec & enc cos ≥ τ)", "#2ca02c", "shared_fraction", "baseline_shared_fraction");

/** The readout under a stability chart: the hovered step, else the latest one, with N (pairs) at that step. */
function readout(s) {
  const steps = s.mean.points;
  const step = s.hoverStep !== null ? s.hoverStep : (steps.length ? steps[steps.length - 1][0] : null);
  const p = step === null ? undefined : groupPoints.get(step);
  if (!p) { s.readout.textContent = "no finalised step yet"; return; }
  s.readout.textContent = "step " + p.step + " · mean " + num(p[s.key + "_mean"]) + " · min–max " + num(p[s.key + "_min"])
    + "–" + num(p[s.key + "_max"]) + " · baseline " + num(p[s.baseKey]) + " · N = " + p.pairs + (p.pairs === 1 ? " pair (" : " pairs (") + p.seeds + " seeds)";
}

/** Dotted marks where the number of contributing pairs changes (first step, then every change). */
function markPairChanges(s) {
  s.marks.points = [];
  let last;
  for (const [step] of s.mean.points) {
    const n = (groupPoints.get(step) || {}).pairs;
    if (n !== last) s.marks.points.push([step, "N=" + n]);
    last = n;
  }
}
const perSeed = {
  loss: { chart: new LineChart(document.getElementById("loss"), { title: "loss (train_loss or mse)" }), lines: new Map() },
  fvu: { chart: new LineChart(document.getElementById("fvu"), { title: "FVU" }), lines: new Map() },
  l0: { chart: new LineChart(document.getElementById("l0"), { title: "L0" }), lines: new Map() },
  dead: { chart: new LineChart(document.getElementById("dead"), { title: "dead fraction", yMin: 0 }), lines: new Map() }
};

function identity(kind, d) {
  return [kind, d.type || d.kind || d.action, d.group, d.step, d.seed, d.a, d.b].join("|");
}

function onGroupPoint(p) {
  const f = (s, key, base) => {
    LineChart.insert(s.mean.points, [p.step, p[key + "_mean"]]);
    LineChart.insert(s.band.points, [p.step, p[key + "_min"], p[key + "_max"]]);
    if (typeof p[base] === "number") LineChart.insert(s.base.points, [p.step, p[base]]);
  };
  groupPoints.set(p.step, p);
  f(pw, "pw_mcc_dec", "baseline_pw_mcc_dec");
  f(sh, "shared_fraction", "baseline_shared_fraction");
  marksDirty = true;
  checkForecast(p);
  document.getElementById("meta").textContent = "arch " + (p.arch || "?") + " · hook " + (p.hook || "?") + " · " + p.seeds
    + " seeds · " + p.pairs + " pairs at step " + p.step + " · matcher " + (p.method || "?")
    + (p.method === "greedy" ? " (approximation)" : "") + " · tau " + (p.tau ?? "?");
}

/*
 * The early-warning forecast, computed by the server (GET /api/groups/:id, field forecast) from the group points up
 * to 20% of the step cap. Asked for when a group point states a cap, then again only for points at or past the step
 * the server named (seen_until); once shown it never changes (later points are not part of it).
 */
let forecastState = "none";  // none | asking | shown
let forecastUntil = null;    // the server's seen_until
function checkForecast(p) {
  if (typeof p.steps !== "number" || forecastState !== "none") return;
  if (forecastUntil !== null && p.step < forecastUntil) return;
  forecastState = "asking";
  fetch("/api/groups/" + encodeURIComponent(groupId)).then(r => r.ok ? r.json() : null).then(g => {
    const f = g && g.forecast;
    document.getElementById("forecast").textContent = "forecast at end: " + forecastText(f);
    forecastUntil = f ? f.seen_until : null;
    forecastState = f && f.ready ? "shown" : "none";
    document.body.dataset.forecast = forecastState;
  }).catch(() => { forecastState = "none"; });
}

function onPairPoint(p) {
  const key = p.a + "-" + p.b;
  for (const [s, v] of [[pw, p.pw_mcc_dec], [sh, p.shared_fraction]]) {
    if (!s.pairs.has(key)) s.pairs.set(key, s.chart.layer({ label: "", color: "#9999", width: 0.7, legend: false }));
    LineChart.insert(s.pairs.get(key).points, [p.step, v]);
  }
}

const fourier = new FourierTable(document.getElementById("fourier"), document.getElementById("fourier-note"));

const crystal = new Map();  // seed -> latest {step, runs}
const raster = new CrystalRaster(document.getElementById("crystal"));
const crystalSeed = document.getElementById("crystal-seed");
crystalSeed.addEventListener("change", () => requestAnimationFrame(redraw));

function onCrystal(p) {
  if (!Array.isArray(p.crystallization_runs)) return;
  const old = crystal.get(p.seed);
  if (old && old.step > p.step) return;
  if (!old) {
    const o = el("option", "seed " + p.seed);
    o.value = String(p.seed);
    crystalSeed.appendChild(o);
  }
  crystal.set(p.seed, { step: p.step, runs: p.crystallization_runs });
}

function drawRaster() {
  const c = crystal.get(Number(crystalSeed.value));
  const pts = pw.mean.points, last = groupPoints.get(pts.length ? pts[pts.length - 1][0] : -1);
  if (!c || !last) { document.getElementById("crystal-readout").textContent = "no finalised step yet"; return; }
  const latents = typeof last.d_sae === "number" ? last.d_sae : c.runs.reduce((n, r) => n + r[1], 0);
  raster.draw(c.runs, latents, c.step, pts[0][0], pts[pts.length - 1][0]);
  document.getElementById("crystal-readout").textContent = CrystalRaster.summary(crystalSeed.value, c.step, c.runs, latents);
}

function onSeedPoint(p) {
  onCrystal(p);
  const s = seeds.get(p.seed) || { stopped: false };
  Object.assign(s, { step: Math.max(s.step || 0, p.step), mean_alignment: p.mean_alignment,
    others_alignment: p.others_alignment, crystallized: p.crystallized });
  seeds.set(p.seed, s);
  const vals = { loss: p.train_loss !== undefined ? p.train_loss : p.mse, fvu: p.fvu, l0: p.l0, dead: p.dead_fraction };
  for (const k of Object.keys(perSeed)) {
    if (typeof vals[k] !== "number") continue;
    const ps = perSeed[k];
    if (!ps.lines.has(p.seed)) ps.lines.set(p.seed, ps.chart.layer({ label: "s" + p.seed, color: PALETTE[ps.lines.size % PALETTE.length] }));
    LineChart.insert(ps.lines.get(p.seed).points, [p.step, vals[k]]);
  }
}

function onMetric(p) {
  if (p.type === "group") onGroupPoint(p);
  else if (p.type === "pair") onPairPoint(p);
  else if (p.type === "seed") onSeedPoint(p);
  else if (p.type === "fourier") fourier.add(p);
  if (typeof p.published_ts === "number" && p.published_ts >= liveSince) pending.push(p.published_ts);
}

function onNotice(kind, a) {
  const li = el("li");
  if (kind === "control") {
    li.appendChild(el("strong", "stop sent", "stopped"));
    li.appendChild(el("span", " seed " + a.seed + " — " + (a.reason || "")));
    const s = seeds.get(a.seed) || {};
    s.stopped = true;
    seeds.set(a.seed, s);
  } else {
    li.appendChild(el("strong", "[" + a.kind + "] ", a.stop ? "stopped" : ""));
    li.appendChild(el("span", "seed " + a.seed + " step " + a.step + ": " + a.message + " "));
    li.appendChild(el("code", JSON.stringify(a.evidence || {})));
  }
  document.getElementById("alerts").prepend(li);
}

const seedRows = new Map();  // seed -> {cells, button}; rows are updated in place so a click never hits a stale button

function seedRow(seed) {
  if (seedRows.has(seed)) return seedRows.get(seed);
  const tr = document.createElement("tr"), cells = [];
  for (let i = 0; i < 6; i++) { cells.push(el("td")); tr.appendChild(cells[i]); }
  const b = el("button", "stop");
  b.dataset.seed = String(seed);
  b.addEventListener("click", () => stopSeed(seed, b));
  const td = document.createElement("td");
  td.appendChild(b);
  tr.appendChild(td);
  const rows = document.querySelector("#seeds tbody");
  const after = [...seedRows.keys()].filter(k => k > seed).sort((x, y) => x - y)[0];
  rows.insertBefore(tr, after === undefined ? null : seedRows.get(after).tr);
  const row = { tr: tr, cells: cells, button: b };
  seedRows.set(seed, row);
  return row;
}

function renderSeeds() {
  for (const [seed, s] of seeds) {
    const row = seedRow(seed);
    const vals = [seed, s.step, num(s.mean_alignment), num(s.others_alignment), s.crystallized, s.stopped ? "stop sent" : "running"];
    vals.forEach((v, i) => { const t = v === undefined ? "–" : String(v); if (row.cells[i].textContent !== t) row.cells[i].textContent = t; });
    row.cells[5].className = s.stopped ? "stopped" : "";
    if (s.stopped) row.button.disabled = true;
  }
}

async function stopSeed(seed, button) {
  button.disabled = true;
  const r = await fetch("/api/groups/" + encodeURIComponent(groupId) + "/seeds/" + seed + "/stop", {
    method: "POST", headers: { "X-Husai-Token": tokenInput.value.trim(), "Content-Type": "application/json" },
    body: JSON.stringify({ reason: "stopped from the web UI", step: (seeds.get(seed) || {}).step || -1 })
  });
  if (!r.ok) {
    button.disabled = false;
    const err = await r.json().catch(() => ({ error: "HTTP " + r.status }));
    onNotice("alert", { kind: "stop refused", seed: seed, step: "", message: err.error, evidence: {} });
  }
}

function redraw() {
  dirty = false;
  if (marksDirty) { markPairChanges(pw); markPairChanges(sh); marksDirty = false; }
  readout(pw);
  readout(sh);
  drawRaster();
  fourier.render();
  for (const c of [pw.chart, sh.chart, ...Object.values(perSeed).map(p => p.chart)]) c.draw();
  renderSeeds();
  const now = Date.now();
  for (const ts of pending.splice(0)) window.husaiLatencies.push(now - ts);
  document.body.dataset.points = String(pw.mean.points.length);
}

function handle(kind, ev) {
  const d = JSON.parse(ev.data);
  const id = identity(kind, d);
  if (seen.has(id)) return;
  seen.add(id);
  if (kind === "metric") onMetric(d); else onNotice(kind, d);
  if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
}

function connect() {
  const conn = document.getElementById("conn");
  const es = new EventSource("/api/live?group=" + encodeURIComponent(groupId));
  for (const k of ["metric", "alert", "control"]) es.addEventListener(k, ev => handle(k, ev));
  es.onopen = () => {
    liveSince = Math.min(liveSince, Date.now()); conn.textContent = "● live"; conn.className = "conn-ok"; };
  es.onerror = () => {
    conn.textContent = "● reconnecting…"; conn.className = "conn-bad";
    // a refusal (503: the server's cap on live connections) closes an EventSource for good: retry after 5 s
    // (a new EventSource has no Last-Event-ID: the backfill comes again and `seen` drops what was shown)
    if (es.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  };
}

window.addEventListener("resize", () => requestAnimationFrame(redraw));
connect();
redraw();
