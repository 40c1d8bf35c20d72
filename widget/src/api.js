// Talks to the Rasa REST channel and turns its reply into the widget's message objects.

/** Replies that start like this are shown as an emergency card even without the custom marker. */
const EMERGENCY_TEXT = /^\s*call 999\b/i;
const MAX_BUTTONS = 12;

/**
 * POSTs one user message and resolves to a list of bot messages.
 * Rejects on network failure, a non-2xx status, a malformed body or after `timeoutMs`.
 */
export async function sendMessage(server, sender, message, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(server + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender, message }),
      credentials: "omit",
      signal: controller.signal,
    });
    if (!res.ok) throw new Error("HTTP " + res.status);
    const body = await res.json();
    if (!Array.isArray(body)) throw new Error("Unexpected reply");
    return toMessages(body);
  } finally {
    clearTimeout(timer);
  }
}

function toButtons(buttons) {
  if (!Array.isArray(buttons)) return [];
  return buttons
    .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
    .slice(0, MAX_BUTTONS)
    .map((b) => ({ title: b.title, payload: b.payload }));
}

/** A {"feedback": {question, options}} custom message as {question, options}, or null if malformed. */
function toFeedback(feedback) {
  if (!feedback || typeof feedback !== "object" || typeof feedback.question !== "string") return null;
  const options = toButtons(feedback.options);
  return options.length ? { question: feedback.question, options } : null;
}

/**
 * Maps REST items ({text, buttons} or {custom}) to {from, text, buttons, emergency} messages
 * and {from, feedback} votes.
 * A {"custom": {"kind": "emergency"}} item marks the text message just before it
 * (or, if it comes first, the next one) as an emergency.
 */
export function toMessages(items) {
  const out = [];
  let pendingEmergency = false;
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const kind = item.custom && typeof item.custom === "object" ? item.custom.kind : undefined;
    if (kind === "emergency") {
      if (out.length) out[out.length - 1].emergency = true;
      else pendingEmergency = true;
      // The safety card in another language names its language too: the text it marks is in that language, so a
      // screen reader reads it in the right voice (WCAG 3.1.2).
      const language = item.custom.language;
      if (typeof language === "string" && /^[a-z]{2}$/.test(language) && out.length) {
        out[out.length - 1].lang = language;
      }
      continue;
    }
    const feedback = item.custom && toFeedback(item.custom.feedback);
    if (feedback) {
      out.push({ from: "bot", feedback });
      continue;
    }
    if (typeof item.text !== "string" || !item.text.trim()) continue;
    out.push({
      from: "bot",
      text: item.text,
      buttons: toButtons(item.buttons),
      emergency: pendingEmergency || EMERGENCY_TEXT.test(item.text),
    });
    pendingEmergency = false;
  }
  return out;
}
