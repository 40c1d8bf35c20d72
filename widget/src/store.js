// Keeps the sender id, the transcript, whether the panel is open and whether the privacy note has been
// shown in sessionStorage, so a reload carries on.
//
// sessionStorage (not localStorage): the conversation ends with the browser tab,
// which is what the privacy note promises.

const KEY = "islington-ccg-assistant:v1";
const MAX_MESSAGES = 200; // bounds storage use in a very long session

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes); // crypto.randomUUID needs a secure context
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fresh() {
  return { sender: randomId(), open: false, privacySeen: false, messages: [] };
}

/** Reads the saved state, or starts a new one if there is none or it is unreadable. */
export function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY));
    if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) {
      return {
        sender: saved.sender,
        open: saved.open === true,
        privacySeen: saved.privacySeen === true,
        messages: saved.messages,
      };
    }
  } catch {
    // Storage blocked or corrupt: carry on with an in-memory conversation.
  }
  return fresh();
}

export function save(state) {
  state.messages = state.messages.slice(-MAX_MESSAGES);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // Full or blocked storage only costs the reload feature; chatting still works.
  }
}
