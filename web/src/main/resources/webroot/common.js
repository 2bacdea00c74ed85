/* Shared helpers. Every string from a run goes into the page through textContent, never innerHTML. */
"use strict";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function num(v, digits) {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits === undefined ? 3 : digits) : "–";
}

/** The action token: from the URL fragment (#token=...) printed by the server, kept for this tab. */
function actionToken() {
  const m = /(?:^|[#&])token=([0-9a-fA-F]+)/.exec(location.hash);
  if (m) sessionStorage.setItem("husai.token", m[1]);
  return sessionStorage.getItem("husai.token") || "";
}
