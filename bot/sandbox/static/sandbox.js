// The sandbox's page: draws what the server renders (Block Kit as HTML) and sends what a person does
// to the sandbox's API, which turns it into Slack's own payloads to the real Trellis. Plain JS.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const page = {
  me: localStorage.getItem("trellis-sandbox-user") || "U_ALICE",
  conv: "C_GENERAL", thread: null, modalKey: null, homeView: null, config: null,
  loading: false, again: false,
};
window.sandboxSeen = {};  // message ts -> when the page first showed it (the speed test reads it)

async function call(name, body) {
  const response = await fetch(`/api/${name}`, {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({user: page.me, ...body}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) { notice(answer.error || `The sandbox could not do that (${response.status}).`); return {}; }
  if (answer.notice) notice(answer.notice);
  refresh();
  return answer;
}

function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

// --- drawing ----------------------------------------------------------------------------------
async function refresh() {
  if (page.loading) { page.again = true; return; }
  if (pressing.now) { pressing.held = true; return; }
  page.loading = true;
  try {
    const asked = `${page.me}/${page.conv}/${page.thread}`;
    const query = new URLSearchParams({user: page.me, conv: page.conv, ...(page.thread ? {thread: page.thread} : {})});
    const response = await fetch(`/api/state?${query}`);
    const state = response.ok ? await response.json() : null;
    // Asked after the body is read (reading it lets a click in): a person who moved on while this was
    // loading gets the newer view (queued below), never this one. Nothing is redrawn under a pressed
    // button either: the click would land on its replacement, and the browser would drop it.
    if (state && asked === `${page.me}/${page.conv}/${page.thread}` && !pressing.now) draw(state);
    else if (pressing.now) pressing.held = true;
    else page.again = true;
  } finally {
    page.loading = false;
    if (page.again) { page.again = false; refresh(); }
  }
}

// A button pressed and not yet let go: redraws wait until its click has run.
const pressing = {now: false, held: false};
document.addEventListener("pointerdown", () => { pressing.now = true; }, true);
function released() {
  setTimeout(() => {  // after the click this release makes
    pressing.now = false;
    if (pressing.held) { pressing.held = false; refresh(); }
  });
}
document.addEventListener("pointerup", released, true);
document.addEventListener("pointercancel", released, true);

function setHtml(element, html) {
  // Only what changed is drawn again: a click on a button that was just replaced would be lost.
  if (element._html !== html) { element.innerHTML = html; element._html = html; }
}

function draw(state) {
  page.conv = state.conversation.id;
  drawSidebar(state.sidebar);
  const conv = state.conversation;
  $("#conv-title").textContent = conv.title;
  $("#conv-topic").textContent = conv.topic || "";
  const isApp = conv.id === "home" || conv.id === state.sidebar.app;
  $("#tabs").hidden = !isApp;
  $$("#tabs button").forEach(b => b.classList.toggle("active", (b.dataset.tab === "home") === (conv.id === "home")));
  $("#composer").hidden = conv.id === "home";
  $("#composer-text").placeholder = conv.id.startsWith("D") ? "Message Trellis" : `Message ${conv.title}`;
  page.homeView = conv.home_view || null;
  const list = $("#messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  setHtml(list, conv.html);
  list.dataset.showing = conv.id;
  if (atBottom) list.scrollTop = list.scrollHeight;
  drawThread(state.thread);
  drawModal(state.modal);
  const clock = new Date(state.clock.iso);
  $("#clock").textContent = `🕘 ${clock.toUTCString().replace(":00 GMT", "").replace(" GMT", "")} UTC` +
    (state.clock.offset_days > 0 ? ` (+${state.clock.offset_days} d)` : "");
  const now = Date.now();
  $$(".message[data-ts]").forEach(m => { if (!(m.dataset.ts in window.sandboxSeen)) window.sandboxSeen[m.dataset.ts] = now; });
  document.body.dataset.revision = state.revision;
}

function drawSidebar(sidebar) {
  const channels = sidebar.channels.map(c =>
    `<li><button type="button" data-conv="${c.id}" class="${c.id === page.conv ? "active" : ""}"># ${c.name}` +
    `${c.shared ? '<span class="shared" title="Shared with another organisation">ext</span>' : ""}</button></li>`);
  setHtml($("#channels"), channels.join(""));
  const app = sidebar.app;
  setHtml($("#apps"), app ? `<li><button type="button" data-conv="home" class="${page.conv === "home" ||
    page.conv === app ? "active" : ""}">Trellis</button></li>` : "");
  $("#lightning").hidden = !app;
}

function drawThread(thread) {
  $("#thread").hidden = !thread;
  if (!thread) { page.thread = null; return; }
  setHtml($("#thread-messages"), thread.html);
}

function drawModal(modal) {
  const layer = $("#modal-layer");
  if (!modal) { layer.hidden = true; page.modalKey = null; return; }
  const key = `${modal.id}:${modal.hash}`;
  if (key !== page.modalKey) {  // a new or updated view: draw it; otherwise keep what the person typed
    page.modalKey = key;
    $("#modal-title").innerHTML = modal.title;
    $("#modal-body").innerHTML = modal.html;
    $("#modal-body").dataset.viewId = modal.id;
    $("#modal-close").innerHTML = modal.close;
    $("#modal-submit").hidden = !modal.submit;
    $("#modal-submit").innerHTML = modal.submit || "";
    $("#modal-submit").disabled = false;
    $("#modal-trouble").hidden = true;
  } else {
    showErrors(modal.errors || {});
  }
  layer.hidden = false;
}

function showErrors(errors) {
  $$("#modal-body [data-input]").forEach(block => {
    $$(".bk-error", block).forEach(e => e.remove());
    const text = errors[block.dataset.blockId];
    block.classList.toggle("has-error", Boolean(text));
    if (text) {
      const div = document.createElement("div");
      div.className = "bk-error"; div.setAttribute("role", "alert"); div.textContent = text;
      const hint = $(".bk-hint", block);
      block.insertBefore(div, hint);
    }
  });
}

