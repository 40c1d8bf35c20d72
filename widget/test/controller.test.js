// The controller's pure parts: its settings, what is announced and which messages still offer buttons.

import assert from "node:assert/strict";
import { test } from "node:test";
import { spoken } from "../src/announcer.js";
import { DEFAULT_TIMEOUT_MS, readConfig } from "../src/config.js";
import { liveFrom } from "../src/transcript.js";

const PAGE = "https://www.example-ccg.nhs.uk/about/";

test("the server defaults to the script's own origin and widget.css sits beside it", () => {
  const config = readConfig({ src: "https://bot.example/widget/widget.js", dataset: {} }, PAGE);
  assert.deepEqual(config, {
    server: "https://bot.example",
    cssHref: "https://bot.example/widget/widget.css",
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
});

test("data-server loses its trailing slashes and data-timeout must be a positive number", () => {
  const tag = (dataset) => ({ src: "https://cdn.example/w/widget.js", dataset });
  assert.equal(readConfig(tag({ server: "https://bot.example//" }), PAGE).server, "https://bot.example");
  assert.equal(readConfig(tag({ timeout: "2000" }), PAGE).timeoutMs, 2000);
  assert.equal(readConfig(tag({ timeout: "-1" }), PAGE).timeoutMs, DEFAULT_TIMEOUT_MS);
  assert.equal(readConfig(tag({ timeout: "soon" }), PAGE).timeoutMs, DEFAULT_TIMEOUT_MS);
});

test("without a script tag the page stands in for it", () => {
  assert.deepEqual(readConfig(null, PAGE), {
    server: "https://www.example-ccg.nhs.uk",
    cssHref: "https://www.example-ccg.nhs.uk/about/widget.css",
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
});

test("a screen reader hears the text, emergencies prefixed, and a vote's question", () => {
  assert.equal(spoken({ text: "Call 020 7272 0111" }), "Call 020 7272 0111");
  assert.equal(spoken({ text: "Call 999 now", emergency: true }), "Emergency: Call 999 now");
  assert.equal(spoken({ feedback: { question: "Was this helpful?", options: [] } }), "Was this helpful?");
});

test("only the bot messages after the resident's last message offer buttons", () => {
  assert.equal(liveFrom([]), 0);
  assert.equal(liveFrom([{ from: "bot" }]), 0);
  assert.equal(liveFrom([{ from: "user" }, { from: "bot" }, { from: "user" }, { from: "bot" }, { from: "bot" }]), 3);
  assert.equal(liveFrom([{ from: "bot" }, { from: "user" }]), 2);
});
