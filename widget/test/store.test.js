// store.js: the session survives a reload, a broken store starts afresh, and a long transcript is bounded.

import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { load, save } from "../src/store.js";

const KEY = "islington-ccg-assistant:v1";

/** A stand-in for the browser's sessionStorage; `broken` makes every call throw, as blocked storage does. */
function fakeStorage(broken = false) {
  const items = new Map();
  const check = () => {
    if (broken) throw new Error("SecurityError");
  };
  return {
    getItem: (key) => (check(), items.has(key) ? items.get(key) : null),
    setItem: (key, value) => (check(), items.set(key, String(value))),
  };
}

beforeEach(() => {
  globalThis.sessionStorage = fakeStorage();
});

test("a new session has a random 128-bit sender id, a closed panel and no messages", () => {
  const state = load();
  assert.match(state.sender, /^[0-9a-f]{32}$/);
  assert.notEqual(load().sender, state.sender);
  assert.deepEqual({ ...state, sender: "" }, { sender: "", open: false, privacySeen: false, messages: [] });
});

test("what is saved is loaded again", () => {
  const state = { sender: "abc", open: true, privacySeen: true, messages: [{ from: "user", text: "hi" }] };
  save(state);
  assert.deepEqual(load(), state);
});

test("corrupt or foreign data starts a new session", () => {
  for (const saved of ["{not json", JSON.stringify({ sender: 7, messages: [] }), JSON.stringify({ sender: "a" })]) {
    sessionStorage.setItem(KEY, saved);
    assert.deepEqual(load().messages, [], saved);
  }
});

test("only flags that are exactly true stay true", () => {
  sessionStorage.setItem(KEY, JSON.stringify({ sender: "a", open: "yes", privacySeen: 1, messages: [] }));
  assert.deepEqual(load(), { sender: "a", open: false, privacySeen: false, messages: [] });
});

test("the transcript keeps its latest 200 messages", () => {
  const messages = Array.from({ length: 205 }, (_, i) => ({ from: "user", text: String(i) }));
  save({ sender: "a", open: false, privacySeen: false, messages });
  const kept = load().messages;
  assert.equal(kept.length, 200);
  assert.equal(kept[0].text, "5");
});

test("blocked storage costs the reload, not the conversation", () => {
  globalThis.sessionStorage = fakeStorage(true);
  const state = load();
  assert.doesNotThrow(() => save(state));
  assert.match(state.sender, /^[0-9a-f]{32}$/);
});
