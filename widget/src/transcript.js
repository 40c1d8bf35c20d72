// The conversation on screen: draws the saved messages, adds new ones and folds the notes once it has begun.

import { announce, announceReplies } from "./announcer.js";
import { scrollToEnd, showLatest, showStartOf } from "./scrolling.js";
import { save } from "./store.js";
import { feedbackEl, messageEl } from "./view.js";

/** The index from which messages still offer quick replies and votes: those after the user's last message. */
export function liveFrom(messages) {
  let lastUser = -1;
  messages.forEach((m, i) => {
    if (m.from === "user") lastUser = i;
  });
  return lastUser + 1;
}

/**
 * The transcript of `state.messages` in `ui.log`. `actions.pick(button)` sends a quick reply and
 * `actions.vote(msg, option, group)` a vote; only the latest bot messages offer them.
 */
export function createTranscript(ui, state, actions) {
  function entryEl(msg, live) {
    if (msg.feedback) return feedbackEl(msg, live ? (option, group) => actions.vote(msg, option, group) : null);
    return messageEl(msg, live ? actions.pick : null);
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

  function render() {
    const from = liveFrom(state.messages);
    const entries = state.messages.map((m, i) => entryEl(m, i >= from)).filter(Boolean);
    ui.log.replaceChildren(ui.intro, ...entries);
    markStarted();
    showLatest(ui);
  }

  function addUser(text) {
    // Suggestions and votes the resident passed over go, so they don't pile up as tab stops.
    for (const group of ui.log.querySelectorAll(".ccgw-replies, .ccgw-feedback:not(.ccgw-feedback--done)")) {
      group.remove();
    }
    state.messages.push({ from: "user", text });
    save(state);
    ui.log.append(messageEl(state.messages[state.messages.length - 1], null));
    scrollToEnd(ui);
  }

  function addReplies(replies) {
    if (!replies.length) return;
    state.messages.push(...replies);
    save(state);
    const entries = replies.map((m) => entryEl(m, true)).filter(Boolean);
    ui.log.append(...entries);
    markStarted();
    if (entries.length) showStartOf(ui, entries[0]);
    announceReplies(replies, ui);
  }

  // A vote is not shown as the resident's message; its buttons give way to a note of the answer.
  function recordVote(msg, option, group) {
    msg.vote = option.title;
    save(state);
    const thanks = feedbackEl(msg, null);
    group.replaceWith(thanks);
    announce([thanks.textContent], ui.polite);
  }

  function clear() {
    state.messages = [];
    save(state);
    render();
  }

  return { render, addUser, addReplies, recordVote, clear };
}
