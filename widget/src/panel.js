// The panel's controls: the launcher opens it, Close and Esc close it, "Start again" asks first, Send sends.

import { announce } from "./announcer.js";
import { MAX_LENGTH } from "./counter.js";
import { showLatest } from "./scrolling.js";
import { save } from "./store.js";

/** Wires the launcher, the dialog, "Start again" and the form; returns `open()`, for a reload with the panel open. */
export function wirePanel(ui, state, conversation, updateCount) {
  function open() {
    if (ui.panel.open) return;
    ui.panel.showModal();
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save(state);
    showLatest(ui);
    ui.input.focus();
  }

  // Fires for the Close button and for Esc (the dialog's own cancel behaviour).
  function closed() {
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save(state);
    ui.launcher.focus();
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
    conversation.reset();
    ui.input.value = "";
    updateCount();
    ui.input.focus();
    announce(["Conversation cleared."], ui.polite);
    conversation.send("/restart", null);
  }

  function submit(event) {
    event.preventDefault();
    const text = ui.input.value.trim().slice(0, MAX_LENGTH);
    if (!text || conversation.busy()) return;
    ui.input.value = "";
    updateCount();
    conversation.send(text, text);
  }

  ui.launcher.addEventListener("click", open);
  ui.close.addEventListener("click", () => ui.panel.close());
  ui.panel.addEventListener("close", closed);
  ui.restart.addEventListener("click", askRestart);
  ui.confirmYes.addEventListener("click", restart);
  ui.confirmNo.addEventListener("click", cancelRestart);
  ui.form.addEventListener("submit", submit);
  return open;
}
