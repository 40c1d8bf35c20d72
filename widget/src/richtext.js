// Turns message text into DOM nodes safely: text nodes only, plus links for https: URLs and phone numbers.
//
// Nothing here ever parses HTML. A message such as `<img src=x onerror=...>`
// stays a string inside a text node, so it can never run or add an element.

// One pattern, three alternatives, tried left to right at each position:
//   1. a Markdown link  [label](target)  (Rasa responses often use these)
//   2. a bare URL or tel: target
//   3. a UK phone number, or one of the short NHS numbers 999, 111, 116 123
// A lookahead, and a check of the character before (lookbehind is too new
// for some Safari versions), stop phone matches inside longer numbers, dates
// (2025-05-25) and words. ASCII or non-breaking spaces may separate groups.
const TOKEN = new RegExp(
  [
    String.raw`\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)`,
    String.raw`\b((?:https?:\/\/|tel:)[^\s<>"'\]]+)`,
    String.raw`((?:\+44[ \u00a0]?(?:\(0\)[ \u00a0]?)?|0)\d{2,4}[ \u00a0-]?\d{3,4}[ \u00a0-]?\d{3,4}|116[ \u00a0]?123|999|111)(?![\w\-\/])`,
  ].join("|"),
  "g",
);

// Punctuation that ends a sentence rather than a URL: "see https://nhs.uk."
const TRAILING = /[.,;:!?)]+$/;
// A phone number glued to this character is part of something else.
const GLUED = /[\w\-\/.+]/;

/** Returns a safe `https:` or `tel:` href for `raw`, or null when it must stay text. */
export function safeHref(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === "https:") return url.href;
  if (url.protocol === "tel:") {
    const number = url.pathname.replace(/[^\d+]/g, "");
    return /^\+?\d{3,15}$/.test(number) ? "tel:" + number : null;
  }
  return null; // http:, javascript:, data: ... are shown, never clickable
}

/** The tel: href for a phone number as written in text, e.g. "020 7272 0111". */
export function telHref(number) {
  return "tel:" + number.replace(/[^\d+]/g, "");
}

function link(href, label) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  if (href.startsWith("https:")) {
    // A new tab keeps the conversation open; say so, for screen reader users.
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const hint = document.createElement("span");
    hint.className = "ccgw-vh";
    hint.textContent = " (opens in a new tab)";
    a.append(hint);
  } else {
    a.rel = "noopener";
  }
  return a;
}

// "NHS 111 (call 111 ..." would make two neighbouring links that both read "111": only the first is kept.
const SAME_LINK_GAP = 24;

/** Splits `text` into pieces to show: a string is shown as text, {href, label} as a safe `https:` or `tel:` link. */
export function richPieces(text) {
  const pieces = [];
  let last = 0;
  let lastTel = { href: "", end: -Infinity };
  for (const m of text.matchAll(TOKEN)) {
    let [whole, mdLabel, mdTarget, url, phone] = m;
    let end = m.index + whole.length;
    pieces.push(text.slice(last, m.index));
    if (mdLabel !== undefined) {
      const href = safeHref(mdTarget);
      pieces.push(href ? { href, label: mdLabel } : `${mdLabel} (${mdTarget})`);
    } else if (url !== undefined) {
      const trail = url.match(TRAILING);
      if (trail) {
        url = url.slice(0, -trail[0].length);
        end -= trail[0].length;
      }
      const href = safeHref(url);
      pieces.push(href ? { href, label: url } : url);
    } else if (
      GLUED.test(text.charAt(m.index - 1)) ||
      (telHref(phone) === lastTel.href && m.index - lastTel.end <= SAME_LINK_GAP)
    ) {
      pieces.push(phone);
    } else {
      pieces.push({ href: telHref(phone), label: phone });
      lastTel = { href: telHref(phone), end };
    }
    last = end;
  }
  pieces.push(text.slice(last));
  return pieces.filter((piece) => piece !== "");
}

/** Appends `text` to `parent` as text nodes and safe links. */
export function appendRichText(parent, text) {
  for (const piece of richPieces(text)) {
    parent.append(typeof piece === "string" ? piece : link(piece.href, piece.label));
  }
}
