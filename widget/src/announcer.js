// What a screen reader hears of the assistant's messages, said once through a visually hidden live region.

const ANNOUNCED_FOR_MS = 10000;

/** What a screen reader should hear for one bot message. */
export function spoken(msg) {
  if (msg.feedback) return msg.feedback.question;
  return msg.emergency ? "Emergency: " + msg.text : msg.text;
}

/**
 * Each message is announced once, when it arrives; emergencies interrupt. The words are taken out
 * again after a while, so a screen reader reading the dialog through doesn't meet them twice.
 */
export function announce(texts, region) {
  clearTimeout(region.ccgwTimer);
  region.replaceChildren(...texts.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
  region.ccgwTimer = setTimeout(() => region.replaceChildren(), ANNOUNCED_FOR_MS);
}

/** Announces new bot messages: emergencies assertively, the rest politely. */
export function announceReplies(replies, ui) {
  announce(replies.filter((m) => m.emergency).map(spoken), ui.assertive);
  announce(replies.filter((m) => !m.emergency).map(spoken), ui.polite);
}
