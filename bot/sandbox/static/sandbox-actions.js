// What a person does on the sandbox page: clicks, choices, the composer, modals; sent to the sandbox API
// (sandbox.js draws). Plain JS, loaded after sandbox.js.
"use strict";

// --- reading what the person chose ---------------------------------------------------------------
function valueOf(control) {
  if (!control) return null;
  if (control.matches(".bk-multi, .bk-checkboxes")) return $$("input:checked", control).map(i => i.value);
  if (control.matches(".bk-external")) {  // the option the app answered, whole, as Slack sends it back
    const chosen = $("select", control).selectedOptions[0];
    return chosen && chosen.dataset.option ? JSON.parse(chosen.dataset.option) : null;
  }
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

// An external select: what is typed asks the app for options (block_suggestion), as Slack's client does.
async function suggest(box) {
  const typed = $(".bk-typeahead", box).value;
  if (typed.length < Number(box.dataset.minQuery || 0)) return;
  const answer = await call("suggest", {view_id: $("#modal-body").dataset.viewId, block_id: box.dataset.blockId,
                                        action_id: box.dataset.actionId, value: typed});
  const list = $("select", box);
  list.replaceChildren(...(answer.options || []).map(option => {
    const item = document.createElement("option");
    item.value = option.value; item.textContent = option.text.text; item.dataset.option = JSON.stringify(option);
    return item;
  }));
}

document.addEventListener("input", event => {
  const box = event.target.closest(".bk-external");
  if (!box || !event.target.matches(".bk-typeahead")) return;
  clearTimeout(box._typing);
  box._typing = setTimeout(() => suggest(box), 150);
});

document.addEventListener("focusin", event => {
  const box = event.target.closest(".bk-external");
  if (box && event.target.matches(".bk-typeahead") && !$("select option", box)) suggest(box);
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
