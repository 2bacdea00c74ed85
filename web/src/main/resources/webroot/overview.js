/* Overview: all groups, polled every 2 s (small JSON); rows built with textContent only. */
"use strict";

actionToken();
let lastGroups = [];

function render() {
  const q = document.getElementById("filter").value.toLowerCase();
  const body = document.querySelector("#groups tbody");
  body.replaceChildren();
  for (const g of lastGroups) {
    const hay = [g.id, g.arch, g.hook].join(" ").toLowerCase();
    if (q && !hay.includes(q)) continue;
    const tr = document.createElement("tr");
    const a = el("a", g.id);
    a.href = "group.html?id=" + encodeURIComponent(g.id);
    const td = document.createElement("td");
    td.appendChild(a);
    tr.appendChild(td);
    for (const v of [g.arch, g.hook, widthText(g), sparsityText(g), g.seeds, g.step]) tr.appendChild(el("td", v === null || v === undefined ? "–" : v));
    tr.appendChild(el("td", num(g.pw_mcc_dec) + " (" + num(g.baseline_pw_mcc_dec) + ")"));
    tr.appendChild(el("td", num(g.shared_fraction) + " (" + num(g.baseline_shared_fraction) + ")"));
    tr.appendChild(el("td", g.alerts, g.alerts > 0 ? "badge" : ""));
    body.appendChild(tr);
  }
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
poll();
setInterval(poll, 2000);
