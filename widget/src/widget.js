// Entry point: reads the embedding <script> tag, builds the widget and runs the conversation with the Rasa server.
//
// Embed with: <script src="https://bot.example/widget/widget.js" data-server="https://bot.example" defer></script>
// data-server defaults to the script's own origin; data-timeout is in milliseconds.

import { load, save } from "./store.js";
import { sendMessage } from "./api.js";
import { buildWidget, errorEl, feedbackEl, messageEl, typingEl } from "./view.js";

const MAX_LENGTH = 500;
const COUNT_FROM = 400; // show "N characters remaining" from here on
const DEFAULT_TIMEOUT_MS = 15000;
const TYPING_DELAY_MS = 300; // a quick reply never flashes the typing notice
const ANNOUNCED_FOR_MS = 10000;
const CUT_TEXT = `Your message was cut to ${MAX_LENGTH} characters.`;

// currentScript is null if a tag manager injected us; then find the tag by its file name.
const script = document.currentScript || document.querySelector('script[src*="widget.js"]');

function readConfig() {
  const src = new URL((script && script.src) || location.href, location.href);
  const data = (script && script.dataset) || {};
  return {
    server: (data.server || src.origin).replace(/\/+$/, ""),
    cssHref: new URL("widget.css", src).href,
    timeoutMs: Number(data.timeout) > 0 ? Number(data.timeout) : DEFAULT_TIMEOUT_MS,
  };
}

/** What a screen reader should hear for one bot message. */
function spoken(msg) {
  if (msg.feedback) return msg.feedback.question;
  return msg.emergency ? "Emergency: " + msg.text : msg.text;
}

function start() {
  if (document.getElementById("ccgw-panel")) return; // embedded twice: keep the first
  const config = readConfig();
  const state = load();
  const ui = buildWidget({ maxLength: MAX_LENGTH });
  ui.reference.textContent = state.sender;
  let busy = false;
  let failed = null; // the message to resend when the user presses "Try again"
  let generation = 0; // bumped by "Start again" so late replies to the old conversation are dropped
  let countTimer;
  let typingTimer;
  let cut = false; // the last edit was longer than the room left, so the browser cut it

  const scrollToEnd = () => {
    ui.log.scrollTop = ui.log.scrollHeight;
  };

  // On opening or reloading: the start of the latest reply, or the introduction before the first one.
  function showLatest() {
    const users = ui.log.querySelectorAll(".ccgw-msg--user");
    const latest = users.length ? users[users.length - 1].nextElementSibling : null;
    if (latest) showStartOf(latest);
    else if (users.length) scrollToEnd();
    else ui.log.scrollTop = 0;
  }

  // Show as much of a new reply as fits, but always its first line: the answer is at the top,
  // the source at the end. On a small screen the whole body scrolls too, so bring the line into it.
  function showStartOf(el) {
    const top = el.getBoundingClientRect().top - ui.log.getBoundingClientRect().top + ui.log.scrollTop;
    ui.log.scrollTop = Math.min(top - 8, ui.log.scrollHeight - ui.log.clientHeight);
    const line = el.getBoundingClientRect();
    const body = ui.body.getBoundingClientRect();
    if (line.top < body.top || line.top + 48 > body.bottom) ui.body.scrollTop += line.top - body.top - 8;
  }

  // Each message is announced once, when it arrives; emergencies interrupt. The words are taken out
  // again after a while, so a screen reader reading the dialog through doesn't meet them twice.
  function announce(texts, region) {
    clearTimeout(region.ccgwTimer);
    region.replaceChildren(...texts.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
    region.ccgwTimer = setTimeout(() => region.replaceChildren(), ANNOUNCED_FOR_MS);
  }

  // The panel's phone layout folds the safety and privacy notes once the conversation has begun.
  function markStarted() {
    const started = state.messages.some((m) => m.from === "bot");
    ui.panel.classList.toggle("ccgw-panel--started", started);
    if (started && !state.privacySeen) {
      state.privacySeen = true;
      save(state);
    }
    ui.privacy.open = !state.privacySeen;
  }

  // Quick replies and votes are offered only for bot messages after the user's last message.
  function entryEl(msg, live) {
    if (msg.feedback) return feedbackEl(msg, live ? (option, group) => vote(msg, option, group) : null);
    return messageEl(msg, live ? pick : null);
  }

  function render() {
    let lastUser = -1;
    state.messages.forEach((m, i) => {
      if (m.from === "user") lastUser = i;
    });
    const entries = state.messages.map((m, i) => entryEl(m, i > lastUser)).filter(Boolean);
    ui.log.replaceChildren(ui.intro, ...entries);
    markStarted();
    showLatest();
  }

  function addUser(text) {
    state.messages.push({ from: "user", text });
    save(state);
    ui.log.append(messageEl(state.messages[state.messages.length - 1], null));
    scrollToEnd();
  }

  function addReplies(replies) {
    if (!replies.length) return;
    state.messages.push(...replies);
    save(state);
    const entries = replies.map((m) => entryEl(m, true)).filter(Boolean);
    ui.log.append(...entries);
    markStarted();
    if (entries.length) showStartOf(entries[0]);
    announce(replies.filter((m) => m.emergency).map(spoken), ui.assertive);
    announce(replies.filter((m) => !m.emergency).map(spoken), ui.polite);
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => ui.typing.replaceChildren(...typingEl()), TYPING_DELAY_MS);
    else ui.typing.replaceChildren();
  }

  function showError() {
    ui.alert.replaceChildren(errorEl(retry));
  }

  function clearError() {
    ui.alert.replaceChildren();
  }

  async function send(message, shown) {
    const mine = generation;
    clearError();
    if (shown) {
      // Suggestions and votes the resident passed over go, so they don't pile up as tab stops.
      for (const group of ui.log.querySelectorAll(".ccgw-replies, .ccgw-feedback:not(.ccgw-feedback--done)")) {
        group.remove();
      }
      addUser(shown);
    }
    busy = true;
    setTyping(true);
    try {
      const replies = await sendMessage(config.server, state.sender, message, config.timeoutMs);
      if (mine !== generation) return;
      failed = null;
      addReplies(replies);
    } catch {
      // Network down, timeout or a bad reply: the user sees the error box, not a console error.
      if (mine !== generation) return;
      failed = message;
      showError();
    } finally {
      if (mine === generation) {
        busy = false;
        setTyping(false);
      }
    }
  }

  function pick(button) {
    if (busy) return;
    ui.input.focus(); // the clicked button is about to be removed
    send(button.payload, button.title);
  }

  // A vote is sent without showing it as the resident's message; the buttons give way to a thanks.
  function vote(msg, option, group) {
    if (busy) return;
    msg.vote = option.title;
    save(state);
    ui.input.focus(); // the clicked button is about to be removed
    const thanks = feedbackEl(msg, null);
    group.replaceWith(thanks);
    announce([thanks.textContent], ui.polite);
    send(option.payload, null);
  }

  function retry() {
    ui.input.focus(); // the retry button is about to be removed
    if (failed !== null && !busy) send(failed, null);
  }

  function askRestart() {
    ui.confirm.hidden = false;
    ui.confirmYes.focus();
  }

  function cancelRestart() {
    ui.confirm.hidden = true;
    ui.restart.focus();
  }

  function restart() {
    ui.confirm.hidden = true;
    generation += 1;
    busy = false;
    failed = null;
    setTyping(false);
    clearError();
    state.messages = [];
    save(state);
    render();
    ui.input.value = "";
    updateCount();
    ui.input.focus();
    announce(["Conversation cleared."], ui.polite);
    send("/restart", null);
  }

  // The browser drops whatever passes maxlength without a word; note when an edit was too long.
  function noteCut(event) {
    const added = event.data ?? (event.dataTransfer && event.dataTransfer.getData("text/plain")) ?? "";
    const selected = ui.input.selectionEnd - ui.input.selectionStart;
    cut = added.length > 0 && ui.input.value.length - selected + added.length > MAX_LENGTH;
  }

  function updateCount() {
    const left = MAX_LENGTH - ui.input.value.length;
    let text = left <= MAX_LENGTH - COUNT_FROM ? `You have ${left} character${left === 1 ? "" : "s"} remaining` : "";
    ui.count.textContent = cut ? `${CUT_TEXT} ${text}` : text;
    ui.count.classList.toggle("ccgw-count--over", left <= 0);
    // Screen readers hear the count once typing pauses, not on every key; a cut they hear at once.
    clearTimeout(countTimer);
    if (cut) ui.countLive.textContent = CUT_TEXT;
    else countTimer = setTimeout(() => (ui.countLive.textContent = text), 1000);
    cut = false;
  }

  function open() {
    if (ui.panel.open) return;
    ui.panel.showModal();
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save(state);
    showLatest();
    ui.input.focus();
  }

  ui.launcher.addEventListener("click", open);
  ui.close.addEventListener("click", () => ui.panel.close());
  ui.restart.addEventListener("click", askRestart);
  ui.confirmYes.addEventListener("click", restart);
  ui.confirmNo.addEventListener("click", cancelRestart);
  ui.input.addEventListener("beforeinput", noteCut);
  // Fires for the Close button and for Esc (the dialog's own cancel behaviour).
  ui.panel.addEventListener("close", () => {
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save(state);
    ui.launcher.focus();
  });
  ui.input.addEventListener("input", updateCount);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.input.value.trim().slice(0, MAX_LENGTH);
    if (!text || busy) return;
    ui.input.value = "";
    updateCount();
    send(text, text);
  });

  render();
  document.body.append(ui.launcher, ui.panel, ui.spacer);

  const reveal = () => {
    ui.launcher.hidden = false;
    if (state.open) open(); // the panel was open before a reload
  };
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = config.cssHref;
  css.addEventListener("load", reveal, { once: true });
  css.addEventListener("error", reveal, { once: true }); // unstyled beats missing
  document.head.append(css);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
