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

/** An expansion d_sae / d_in (a derived float): "x8", "x0.0625", "x0.3333" (4 significant digits). */
function expansionText(e) {
  return "x" + Number(Number(e).toPrecision(4));
}

/** A width in latents with its derived expansion: "1024 (x8)", "8 (x0.0625)"; just "1024" without an expansion. */
function latentsText(dSae, expansion) {
  return String(dSae) + (expansion !== undefined && expansion !== null ? " (" + expansionText(expansion) + ")" : "");
}

/** Width of a group summary: "1024 (x8)" from its config (d_sae, expansion), "–" when the points do not state it. */
function widthText(g) {
  const c = g.config || {};
  if (c.d_sae === undefined || c.d_sae === null) return "–";
  return latentsText(c.d_sae, c.expansion);
}

/** Sparsity of a group summary: "k=32" or "l1=10" from its config, "–" when not stated. */
function sparsityText(g) {
  const c = g.config || {};
  if (c.k !== undefined) return "k=" + c.k;
  if (c.l1 !== undefined) return "l1=" + c.l1;
  return "–";
}

/**
 * The early-warning forecast of a group summary (computed by the server from the first 20% of its step cap):
 * "PW-MCC ~ 0.712, shared ~ 0.431 (from 52 study groups, LOGO MAE 0.055 / 0.122)"; "after step 400" before then;
 * "–" without a stated step cap or a shipped model. {@code short} leaves out the parenthesis.
 */
function forecastText(f, short) {
  if (!f) return "–";
  if (!f.ready) return "after step " + f.seen_until;
  const text = "PW-MCC ~ " + num(f.pw_mcc) + ", shared ~ " + num(f.shared);
  if (short) return text;
  const mae = typeof f.mae_pw_mcc === "number" ? ", LOGO MAE " + num(f.mae_pw_mcc) + " / " + num(f.mae_shared) : "";
  return text + " (from " + f.groups + " study groups" + mae + ")";
}
