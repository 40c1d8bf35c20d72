// api.js: the REST reply becomes the widget's messages, and every failure is a rejection, not a crash.

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { sendMessage, toMessages } from "../src/api.js";

const YES_NO = [
  { title: "Yes", payload: "/feedback_helpful" },
  { title: "No", payload: "/feedback_not_helpful" },
];

test("text items become bot messages with their valid buttons", () => {
  const buttons = [{ title: "N7", payload: "/x" }, { title: 3, payload: "/y" }, null];
  assert.deepEqual(toMessages([{ text: "Which area?", buttons }]), [
    { from: "bot", text: "Which area?", buttons: [{ title: "N7", payload: "/x" }], emergency: false },
  ]);
});

test("empty, blank and malformed items are dropped", () => {
  assert.deepEqual(toMessages([null, 3, {}, { text: "  " }, { custom: { kind: "other" } }]), []);
});

test("text that starts with Call 999 is an emergency", () => {
  assert.equal(toMessages([{ text: "Call 999 now." }])[0].emergency, true);
  assert.equal(toMessages([{ text: "Do not call 999 for this." }])[0].emergency, false);
});

test("the emergency marker marks the message before it, or the next one when it comes first", () => {
  const after = toMessages([{ text: "a" }, { custom: { kind: "emergency", language: "pl" } }, { text: "b" }]);
  assert.deepEqual(after.map((m) => [m.text, m.emergency, m.lang]), [["a", true, "pl"], ["b", false, undefined]]);
  const first = toMessages([{ custom: { kind: "emergency" } }, { text: "a" }, { text: "b" }]);
  assert.deepEqual(first.map((m) => m.emergency), [true, false]);
});

test("a language that is not two lower-case letters is ignored", () => {
  const [msg] = toMessages([{ text: "a" }, { custom: { kind: "emergency", language: "en-GB" } }]);
  assert.equal(msg.lang, undefined);
});

test("a feedback item becomes a vote; a malformed one is ignored", () => {
  const question = "Was this helpful?";
  assert.deepEqual(toMessages([{ custom: { feedback: { question, options: YES_NO } } }]), [
    { from: "bot", feedback: { question, options: YES_NO } },
  ]);
  assert.deepEqual(toMessages([{ custom: { feedback: { question, options: [] } } }]), []);
  assert.deepEqual(toMessages([{ custom: { feedback: { options: YES_NO } } }]), []);
});

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Replaces fetch with one that answers `status` and `body`, and records what was asked. */
function answer(status, body) {
  const asked = [];
  globalThis.fetch = async (url, options) => {
    asked.push({ url, options });
    return { ok: status < 300, status, json: async () => body };
  };
  return asked;
}

test("a message is POSTed to the REST webhook without cookies", async () => {
  const asked = answer(200, [{ text: "Hello" }]);
  const replies = await sendMessage("https://bot.example", "abc", "hi", 1000);
  assert.deepEqual(replies.map((m) => m.text), ["Hello"]);
  assert.equal(asked[0].url, "https://bot.example/webhooks/rest/webhook");
  assert.equal(asked[0].options.credentials, "omit");
  assert.deepEqual(JSON.parse(asked[0].options.body), { sender: "abc", message: "hi" });
});

test("an error status or a reply that is not a list rejects", async () => {
  answer(500, []);
  await assert.rejects(sendMessage("https://bot.example", "abc", "hi", 1000), /HTTP 500/);
  answer(200, { text: "not a list" });
  await assert.rejects(sendMessage("https://bot.example", "abc", "hi", 1000), /Unexpected reply/);
});

test("a reply that never comes rejects after the timeout", async () => {
  globalThis.fetch = (url, { signal }) =>
    new Promise((resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
  await assert.rejects(sendMessage("https://bot.example", "abc", "hi", 20), { name: "AbortError" });
});
