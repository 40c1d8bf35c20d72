// The exchange with the Rasa server: one message at a time, the typing indicator, the error box and "Try again".

import { sendMessage } from "./api.js";
import { errorEl, typingEl } from "./view.js";

const TYPING_DELAY_MS = 300; // a quick reply never flashes the typing notice

/** Sends messages for `state.sender` to `config.server` and puts the replies in `transcript`. */
export function createConversation(ui, state, config, transcript) {
  let busy = false;
  let failed = null; // the message to resend when the user presses "Try again"
  let generation = 0; // bumped by "Start again" so late replies to the old conversation are dropped
  let typingTimer;

  function setTyping(on) {
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => ui.typing.replaceChildren(...typingEl()), TYPING_DELAY_MS);
    else ui.typing.replaceChildren();
  }

  /** Sends `message`; `shown` is what the transcript shows as the resident's words, or null for nothing. */
  async function send(message, shown) {
    const mine = generation;
    ui.alert.replaceChildren();
    if (shown) transcript.addUser(shown);
    busy = true;
    setTyping(true);
    try {
      const replies = await sendMessage(config.server, state.sender, message, config.timeoutMs);
      if (mine !== generation) return;
      failed = null;
      transcript.addReplies(replies);
    } catch {
      // Network down, timeout or a bad reply: the user sees the error box, not a console error.
      if (mine !== generation) return;
      failed = message;
      ui.alert.replaceChildren(errorEl(retry));
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

  function vote(msg, option, group) {
    if (busy) return;
    ui.input.focus(); // the clicked button is about to be removed
    transcript.recordVote(msg, option, group);
    send(option.payload, null);
  }

  function retry() {
    ui.input.focus(); // the retry button is about to be removed
    if (failed !== null && !busy) send(failed, null);
  }

  /** Forgets the conversation on screen; a reply still on its way to the old one is dropped. */
  function reset() {
    generation += 1;
    busy = false;
    failed = null;
    setTyping(false);
    ui.alert.replaceChildren();
    transcript.clear();
  }

  return { send, pick, vote, reset, busy: () => busy };
}
