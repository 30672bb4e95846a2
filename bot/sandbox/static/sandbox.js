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
  page.loading = true;
  try {
    const query = new URLSearchParams({user: page.me, conv: page.conv, ...(page.thread ? {thread: page.thread} : {})});
    const response = await fetch(`/api/state?${query}`);
    if (response.ok) draw(await response.json());
  } finally {
    page.loading = false;
    if (page.again) { page.again = false; refresh(); }
  }
}

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

// --- reading what the person chose ---------------------------------------------------------------
function valueOf(control) {
  if (!control) return null;
  if (control.matches(".bk-multi, .bk-checkboxes")) return $$("input:checked", control).map(i => i.value);
  if (control.matches(".bk-radioes")) { const on = $("input:checked", control); return on ? on.value : ""; }
  return control.value;
}

function modalValues() {
  const values = {}, missing = {};
  $$("#modal-body [data-input]").forEach(block => {
    const value = valueOf($("[data-action-id]", block));
    values[block.dataset.blockId] = value;
    const empty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
    if (empty && block.dataset.optional === undefined) missing[block.dataset.blockId] = "Please complete this required field.";
  });
  return {values, missing};
}

// --- doing things -------------------------------------------------------------------------------
function confirmed(element) {
  const confirm = element.dataset.confirm ? JSON.parse(element.dataset.confirm) : null;
  if (!confirm) return Promise.resolve(true);
  $("#confirm-title").textContent = confirm.title.text;
  $("#confirm-text").textContent = confirm.text.text;
  $("#confirm-yes").textContent = confirm.confirm.text;
  $("#confirm-yes").classList.toggle("danger", confirm.style === "danger");
  $("#confirm-deny").textContent = confirm.deny.text;
  $("#confirm-layer").hidden = false;
  return new Promise(resolve => {
    const done = answer => () => { $("#confirm-layer").hidden = true; resolve(answer); };
    $("#confirm-yes").onclick = done(true);
    $("#confirm-deny").onclick = done(false);
  });
}

function where(element) {
  if (element.closest("#modal-body")) return {view_id: $("#modal-body").dataset.viewId};
  const message = element.closest(".message");
  if (message) return {channel: message.dataset.channel, ts: message.dataset.ts};
  return {view_id: page.homeView};
}

async function act(element, value) {
  if (!(await confirmed(element))) return;
  if (element.dataset.url) window.open(element.dataset.url, "_blank", "noopener");
  await call("action", {block_id: element.dataset.blockId, action_id: element.dataset.actionId, value, ...where(element)});
}

function openConversation(conv) {
  page.conv = conv; page.thread = null;
  if (conv === "home") call("home", {}); else refresh();
}

document.addEventListener("click", async event => {
  const target = event.target;
  const more = target.closest(".message-menu .more");
  $$(".message-menu.open").forEach(m => { if (!more || m !== more.parentElement) m.classList.remove("open"); });
  if (!target.closest(".lightning-box")) $("#lightning-menu").classList.remove("open");
  if (more) { more.parentElement.classList.toggle("open"); return; }
  const conv = target.closest("[data-conv]");
  if (conv) return openConversation(conv.dataset.conv);
  const tab = target.closest("[data-tab]");
  if (tab) return openConversation(tab.dataset.tab === "home" ? "home" : `D${page.me}`);
  const thread = target.closest("[data-thread], [data-reply]");
  if (thread) { page.thread = thread.dataset.thread || thread.dataset.reply; return refresh(); }
  const shortcut = target.closest("[data-shortcut]");
  if (shortcut) {
    const message = shortcut.closest(".message");
    return call("shortcut", {callback_id: shortcut.dataset.shortcut, channel: message.dataset.channel, ts: message.dataset.ts});
  }
  const global = target.closest("[data-global]");
  if (global) return call("shortcut", {callback_id: global.dataset.global});
  const button = target.closest("button[data-action-id]");
  if (button) return act(button);
});

document.addEventListener("change", event => {
  const control = event.target.closest("[data-action-id]");
  if (!control || control.matches("button")) return;
  const inModal = control.closest("#modal-body");
  if (inModal && !control.closest("[data-input]")?.matches('[data-dispatch]')) return;
  act(control, valueOf(control));
});

function composer(form, textarea, threadOf) {
  const send = async () => {
    const text = textarea.value;
    if (!text.trim()) return;
    textarea.value = "";
    await call("message", {channel: page.conv, text, thread_ts: threadOf()});
  };
  form.addEventListener("submit", event => { event.preventDefault(); send(); });
  textarea.addEventListener("keydown", event => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
  });
}

async function submitModal() {
  const button = $("#modal-submit");
  if (button.disabled) return;  // Slack's client greys Submit out while it waits
  const {values, missing} = modalValues();
  if (Object.keys(missing).length) { showErrors(missing); return; }
  button.disabled = true;
  try {
    const answer = await call("submit", {view_id: $("#modal-body").dataset.viewId, values});
    $("#modal-trouble").hidden = !answer.trouble;
    $("#modal-trouble").textContent = answer.trouble || "";
  } finally {
    button.disabled = false;
  }
}

function start() {
  composer($("#composer"), $("#composer-text"), () => null);
  composer($("#thread-composer"), $("#thread-text"), () => page.thread);
  $("#close-thread").onclick = () => { page.thread = null; refresh(); };
  $("#modal-submit").onclick = submitModal;
  $("#modal-close").onclick = () => call("close", {});
  $("#modal-x").onclick = () => call("close", {everything: true});
  $("#advance-day").onclick = () => call("clock", {step: "day"});
  $("#advance-monday").onclick = () => call("clock", {step: "monday"});
  $("#run-digest").onclick = () => call("job", {name: "digest"});
  $("#run-reminders").onclick = () => call("job", {name: "reminders"});
  $("#lightning").onclick = () => $("#lightning-menu").classList.toggle("open");
  $("#who").onchange = () => {
    page.me = $("#who").value; page.thread = null; page.modalKey = null;
    localStorage.setItem("trellis-sandbox-user", page.me);
    call("hello", {});
  };
  fetch("/api/config").then(r => r.json()).then(config => {
    page.config = config;
    $("#team").textContent = `${config.team} · sandbox`;
    if (!config.people.some(p => p.id === page.me)) page.me = config.people[0].id;
    $("#who").innerHTML = config.people.map(p =>
      `<option value="${p.id}"${p.id === page.me ? " selected" : ""}>${p.name} — ${p.role}</option>`).join("");
    $("#lightning-menu").innerHTML = config.global_shortcuts.map(s =>
      `<button type="button" data-global="${s.callback_id}" title="${s.description}">${s.name}</button>`).join("");
    call("hello", {});  // a fresh client: no modal left open from a closed tab
    const events = new EventSource("/api/stream");
    events.onmessage = () => refresh();
  });
}

start();
