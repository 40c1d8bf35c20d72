// richtext.js: which words become links, and that nothing else does.

import assert from "node:assert/strict";
import { test } from "node:test";
import { richPieces, safeHref, telHref } from "../src/richtext.js";

test("only https: and well-formed tel: targets are safe hrefs", () => {
  assert.equal(safeHref("https://www.nhs.uk/conditions"), "https://www.nhs.uk/conditions");
  assert.equal(safeHref("tel:020 7272 0111"), "tel:02072720111");
  for (const unsafe of ["http://nhs.uk", "javascript:alert(1)", "data:text/html,x", "tel:12", "not a url"]) {
    assert.equal(safeHref(unsafe), null, unsafe);
  }
});

test("a phone number as written becomes a tel: href of its digits", () => {
  assert.equal(telHref("020 7272 0111"), "tel:02072720111");
  assert.equal(telHref("+44 20 7272 0111"), "tel:+442072720111");
});

test("https: URLs are links without the full stop that ends the sentence", () => {
  assert.deepEqual(richPieces("See https://www.nhs.uk."), [
    "See ",
    { href: "https://www.nhs.uk/", label: "https://www.nhs.uk" },
    ".",
  ]);
});

test("UK and short NHS phone numbers become tel: links", () => {
  assert.deepEqual(richPieces("Call 020 7272 0111, Samaritans 116 123 or 999"), [
    "Call ",
    { href: "tel:02072720111", label: "020 7272 0111" },
    ", Samaritans ",
    { href: "tel:116123", label: "116 123" },
    " or ",
    { href: "tel:999", label: "999" },
  ]);
});

test("numbers inside dates and longer numbers stay text", () => {
  assert.deepEqual(richPieces("On 2025-05-25, ref 1234567890123"), ["On 2025-05-25, ref 1234567890123"]);
});

test("a number that repeats the link just before it stays text; a later one is its own link", () => {
  assert.deepEqual(richPieces("NHS 111 (call 111 if urgent). If it is not urgent at all, call 111"), [
    "NHS ",
    { href: "tel:111", label: "111" },
    " (call ",
    "111",
    " if urgent). If it is not urgent at all, call ",
    { href: "tel:111", label: "111" },
  ]);
});

test("Markdown links are honoured for safe targets and shown as words otherwise", () => {
  assert.deepEqual(richPieces("[NHS](https://nhs.uk) [ring](tel:999) [x](javascript:alert)"), [
    { href: "https://nhs.uk/", label: "NHS" },
    " ",
    { href: "tel:999", label: "ring" },
    " ",
    "x (javascript:alert)",
  ]);
});

test("http: URLs and HTML stay plain text", () => {
  assert.deepEqual(richPieces("http://example.com"), ["http://example.com"]);
  assert.deepEqual(richPieces("<img src=x onerror=alert(1)>"), ["<img src=x onerror=alert(1)>"]);
});
