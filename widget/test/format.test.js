// format.js: when bot text becomes a list, and the words that record a vote.

import assert from "node:assert/strict";
import { test } from "node:test";
import { LIST_SHOWN, feedbackDone, textBlocks } from "../src/format.js";

const practices = (n) => Array.from({ length: n }, (_, i) => `- Practice ${i + 1}`);

test("text with a short list stays one paragraph", () => {
  const text = ["Practices in N19:", ...practices(LIST_SHOWN + 1)].join("\n");
  assert.deepEqual(textBlocks(text), [{ text }]);
});

test("a long list becomes a list between its paragraphs", () => {
  const text = ["Practices in N7:", ...practices(5), "", "Source: NHS Digital"].join("\n");
  assert.deepEqual(textBlocks(text), [
    { text: "Practices in N7:" },
    { items: ["Practice 1", "Practice 2", "Practice 3", "Practice 4", "Practice 5"] },
    { text: "\nSource: NHS Digital" },
  ]);
});

test("•, * and - all start list items, and a paragraph line ends a list", () => {
  const text = ["• a", "* b", "- c", "between", "- d", "- e"].join("\n");
  assert.deepEqual(textBlocks(text), [{ items: ["a", "b", "c"] }, { text: "between" }, { items: ["d", "e"] }]);
});

test("a vote is recorded in words", () => {
  assert.equal(feedbackDone("Yes"), "Was this helpful? You answered: Yes.");
});
