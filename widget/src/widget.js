// Entry point: reads the embedding <script> tag, builds the widget and runs the conversation with the Rasa server.
//
// Embed with: <script src="https://bot.example/widget/widget.js" data-server="https://bot.example" defer></script>
// data-server defaults to the script's own origin; data-timeout is in milliseconds.

import { load, save } from "./store.js";
import { sendMessage } from "./api.js";
import { buildWidget, errorEl, messageEl, typingEl } from "./view.js";

const MAX_LENGTH = 500;
const COUNT_FROM = 400; // show "N characters remaining" from here on
const DEFAULT_TIMEOUT_MS = 15000;

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

function start() {
  if (document.getElementById("ccgw-panel")) return; // embedded twice: keep the first
  const config = readConfig();
  const state = load();
  const ui = buildWidget({ maxLength: MAX_LENGTH });
  let busy = false;
  let failed = null; // the message to resend when the user presses "Try again"
  let generation = 0; // bumped by "Start again" so late replies to the old conversation are dropped
  let countTimer;

  const scrollToEnd = () => {
    ui.log.scrollTop = ui.log.scrollHeight;
  };

  // Quick replies are offered only for bot messages after the user's last message.
  function render() {
    let lastUser = -1;
    state.messages.forEach((m, i) => {
      if (m.from === "user") lastUser = i;
    });
    ui.log.replaceChildren(ui.intro, ...state.messages.map((m, i) => messageEl(m, i > lastUser ? pick : null)));
    scrollToEnd();
  }

  function add(msg) {
    state.messages.push(msg);
    save(state);
    ui.log.append(messageEl(msg, pick));
    scrollToEnd();
  }

  function setTyping(on) {
    ui.typing.replaceChildren(...(on ? typingEl() : []));
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
      for (const group of ui.log.querySelectorAll(".ccgw-replies")) group.remove();
      add({ from: "user", text: shown });
    }
    busy = true;
    setTyping(true);
    try {
      const replies = await sendMessage(config.server, state.sender, message, config.timeoutMs);
      if (mine !== generation) return;
      failed = null;
      replies.forEach(add);
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

  function retry() {
    ui.input.focus(); // the retry button is about to be removed
    if (failed !== null && !busy) send(failed, null);
  }

  function restart() {
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
    ui.announcer.textContent = "Conversation cleared.";
    setTimeout(() => {
      ui.announcer.textContent = "";
    }, 3000);
    send("/restart", null);
  }

  function updateCount() {
    const left = MAX_LENGTH - ui.input.value.length;
    const text = left <= MAX_LENGTH - COUNT_FROM ? `You have ${left} character${left === 1 ? "" : "s"} remaining` : "";
    ui.count.textContent = text;
    ui.count.classList.toggle("ccgw-count--over", left <= 0);
    // Screen readers hear the count once typing pauses, not on every key.
    clearTimeout(countTimer);
    countTimer = setTimeout(() => {
      ui.countLive.textContent = text;
    }, 1000);
  }

  function open() {
    if (ui.panel.open) return;
    ui.panel.showModal();
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save(state);
    scrollToEnd();
    ui.input.focus();
  }

  ui.launcher.addEventListener("click", open);
  ui.close.addEventListener("click", () => ui.panel.close());
  ui.restart.addEventListener("click", restart);
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
