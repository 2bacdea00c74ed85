/*
 * Replay page: lists the server's recordings, starts replays and drives them (pause, play, speed, seek). The replays
 * table is refreshed every second (a few small objects); rows are updated in place so a control is never replaced
 * under the mouse. Every string enters through textContent.
 */
"use strict";

const tokenInput = document.getElementById("token");
tokenInput.value = actionToken();
tokenInput.addEventListener("change", () => sessionStorage.setItem("husai.token", tokenInput.value.trim()));
const SPEEDS = ["1", "10", "100", "max"];
const rows = new Map();  // replay id -> {tr, cells, pause, speed, seek}

function speedSelect(value) {
  const s = el("select");
  for (const v of SPEEDS) { const o = el("option", v === "max" ? "max" : v + "x"); o.value = v; s.appendChild(o); }
  s.value = String(value);
  return s;
}

async function post(path, body) {
  const r = await fetch(path, { method: "POST", body: JSON.stringify(body),
    headers: { "X-Husai-Token": tokenInput.value.trim(), "Content-Type": "application/json" } });
  const json = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  document.getElementById("error").textContent = r.ok ? "" : json.error;
  if (r.ok) refresh();
  return json;
}

async function loadRecordings() {
  const r = await (await fetch("/api/recordings")).json();
  document.getElementById("dir").textContent = r.dir ? "in " + r.dir : "(start the server with --recordings DIR)";
  const body = document.querySelector("#recordings tbody");
  body.replaceChildren();
  for (const rec of r.recordings) {
    const tr = document.createElement("tr"), speed = speedSelect("10"), play = el("button", "replay");
    play.dataset.recording = rec.name;
    play.addEventListener("click", () => post("/api/replays", { recording: rec.name, speed: speed.value }));
    const cSpeed = el("td"), cPlay = el("td");
    cSpeed.appendChild(speed); cPlay.appendChild(play);
    tr.append(el("td", rec.name), el("td", (rec.bytes / 1048576).toFixed(1) + " MiB"), cSpeed, cPlay);
    body.appendChild(tr);
  }
}

function row(s) {
  if (rows.has(s.id)) return rows.get(s.id);
  const tr = document.createElement("tr"), cells = [0, 1, 2, 3, 4].map(() => el("td"));
  const pause = el("button", "pause"), speed = speedSelect(s.speed), step = el("input"), seek = el("button", "seek");
  for (const [e, a] of [[pause, "toggle"], [speed, "speed"], [step, "step"], [seek, "seek"]]) { e.dataset.replay = s.id; e.dataset.action = a; }
  step.type = "number"; step.min = "0"; step.size = 8;
  pause.addEventListener("click", () => post("/api/replays/" + s.id, { action: pause.textContent }));
  speed.addEventListener("change", () => post("/api/replays/" + s.id, { action: "speed", speed: speed.value }));
  seek.addEventListener("click", () => post("/api/replays/" + s.id, { action: "seek", step: Number(step.value) }));
  const controls = el("td"), seekCell = el("td"), groups = el("td");
  controls.append(pause, " ", speed);
  seekCell.append(step, " ", seek);
  tr.append(...cells, controls, seekCell, groups);
  document.querySelector("#replays tbody").appendChild(tr);
  const r = { tr, cells, pause, step, groups };
  rows.set(s.id, r);
  return r;
}

function render(s) {
  const r = row(s);
  [s.id, s.recording, s.state, s.step + " / " + s.last_step, s.speed === "max" ? "max" : s.speed + "x"]
    .forEach((v, i) => { if (r.cells[i].textContent !== String(v)) r.cells[i].textContent = String(v); });
  r.pause.textContent = s.state === "playing" ? "pause" : "play";
  r.pause.disabled = s.state === "done";
  r.step.max = String(s.last_step);
  const names = s.groups.join(" ");
  if (r.groups.dataset.names !== names) {
    r.groups.dataset.names = names;
    r.groups.replaceChildren(...s.groups.map(g => { const a = el("a", g); a.href = "group.html?id=" + encodeURIComponent(g); return a; }));
  }
}

async function refresh() {
  try {
    for (const s of await (await fetch("/api/replays")).json()) render(s);
  } catch (e) {
    document.getElementById("error").textContent = "server unreachable, retrying…";
  }
}

loadRecordings();
refresh();
setInterval(refresh, 1000);
