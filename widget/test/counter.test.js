// counter.js: what the character counter says, and when a paste counts as cut.

import assert from "node:assert/strict";
import { test } from "node:test";
import { COUNT_FROM, CUT_TEXT, MAX_LENGTH, isCut, remainingText } from "../src/counter.js";

test("the counter is silent below 400 characters and counts down from there", () => {
  assert.equal(remainingText(0), "");
  assert.equal(remainingText(COUNT_FROM - 1), "");
  assert.equal(remainingText(COUNT_FROM), "You have 100 characters remaining");
  assert.equal(remainingText(MAX_LENGTH - 1), "You have 1 character remaining");
  assert.equal(remainingText(MAX_LENGTH), "You have 0 characters remaining");
});

test("an insertion is cut only when it passes 500 characters", () => {
  assert.equal(isCut("a".repeat(490), 0, "b".repeat(10)), false);
  assert.equal(isCut("a".repeat(490), 0, "b".repeat(11)), true);
  assert.equal(isCut("", 0, "x".repeat(512)), true);
});

test("a selection that is replaced makes room", () => {
  assert.equal(isCut("a".repeat(500), 20, "b".repeat(20)), false);
  assert.equal(isCut("a".repeat(500), 20, "b".repeat(21)), true);
});

test("deleting is never a cut", () => {
  assert.equal(isCut("a".repeat(500), 0, ""), false);
});

test("the cut is said in words with the limit", () => {
  assert.equal(CUT_TEXT, "Your message was cut to 500 characters.");
});
