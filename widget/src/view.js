// Builds the widget's DOM: launcher, dialog panel, transcript entries, quick replies, votes and the error box.
//
// Elements are made with createElement and text nodes only; no HTML strings.

import { LIST_SHOWN, feedbackDone, textBlocks } from "./format.js";
import { appendRichText } from "./richtext.js";

export const SAFETY_TEXT = "This is an automated assistant. In an emergency call 999.";
// The one line the safety note shrinks to on a phone after the first reply: 999 is still one tap away.
const SAFETY_SHORT_TEXT = "Emergency? Call 999";
export const UNAVAILABLE_TEXT =
  "The assistant isn't available right now. For health advice call NHS 111 or visit nhs.uk.";
// What is stored and what is removed, no broader than docs/privacy.md says (fact-check rows 117 and 118).
const PRIVACY_TEXT =
  "The organisation that runs this service stores what you type and the assistant's replies, " +
  "with a random ID (not your name), for up to 30 days. It removes NHS numbers, phone numbers, " +
  "email addresses, full dates, and house numbers with their street first, but it can miss other " +
  "details, such as a name or a street without a number. This browser tab keeps a copy until you " +
  "close it. Do not enter personal details.";
const INTRO_TEXT =
  "Ask about NHS Islington CCG, for example a GP practice's phone number or the practices in your postcode area.";

/** h("p", {class: "x"}, "text", child) - a tiny createElement helper; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children);
  return el;
}

function rich(tag, attrs, text) {
  const el = h(tag, attrs);
  appendRichText(el, text);
  return el;
}

const ICONS = {
  chat: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm2 5v2h12V8H6Zm0 4v2h8v-2H6Z",
  restart: "M12 4V1L7 5l5 4V6a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8Z",
  close: "M18.3 5.7 16.9 4.3 12 9.2 7.1 4.3 5.7 5.7 10.6 12l-4.9 4.9 1.4 1.4 4.9-4.9 4.9 4.9 1.4-1.4-4.9-4.9Z",
};

/** A decorative SVG icon: the button it sits in carries the words. */
function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "ccgw-icon");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

/** Creates every fixed part of the widget and returns the elements the controller needs. */
export function buildWidget({ maxLength }) {
  const ui = {};
  // On a phone only "Ask" shows beside the icon; the accessible name stays "Ask the assistant".
  ui.launcher = h(
    "button",
    {
      type: "button",
      class: "ccgw-launcher",
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": "ccgw-panel",
      hidden: true, // shown once its CSS has loaded, to avoid a flash of an unstyled button
    },
    icon("chat"),
    h("span", { class: "ccgw-launcher__label" }, "Ask", h("span", { class: "ccgw-launcher__more" }, " the assistant")),
  );
  // Icons with their words: the words are visually hidden on a phone, never removed.
  ui.restart = h(
    "button",
    { type: "button", class: "ccgw-header-button" },
    icon("restart"),
    h("span", { class: "ccgw-header-button__label" }, "Start again"),
  );
  ui.close = h(
    "button",
    { type: "button", class: "ccgw-header-button" },
    icon("close"),
    h("span", { class: "ccgw-header-button__label" }, "Close", h("span", { class: "ccgw-vh" }, " the assistant")),
  );
  ui.confirmYes = h("button", { type: "button", class: "ccgw-confirm__yes" }, "Yes, clear it");
  ui.confirmNo = h("button", { type: "button", class: "ccgw-reply" }, "Cancel");
  ui.confirm = h(
    "div",
    { class: "ccgw-confirm", role: "group", "aria-labelledby": "ccgw-confirm-q", hidden: true },
    h("p", { id: "ccgw-confirm-q", class: "ccgw-confirm__question" }, "Start again? This clears the conversation."),
    h("div", { class: "ccgw-confirm__buttons" }, ui.confirmYes, ui.confirmNo),
  );
  ui.intro = h("p", { class: "ccgw-intro" }, INTRO_TEXT);
  // The transcript is not a live region: the controller announces only the assistant's words, once,
  // through ui.polite and ui.assertive. It is focusable so keyboard users can scroll it.
  ui.log = h("div", { class: "ccgw-log", role: "region", "aria-label": "Conversation", tabindex: "0" });
  // Seen, not heard: a screen reader would queue it long after it has gone.
  ui.typing = h("div", { class: "ccgw-typing", "aria-hidden": "true" });
  ui.alert = h("div", { role: "alert" });
  ui.input = h("input", {
    id: "ccgw-input",
    class: "ccgw-input",
    type: "text",
    name: "message",
    maxlength: String(maxLength),
    autocomplete: "off",
    enterkeyhint: "send",
  });
  ui.count = h("p", { class: "ccgw-count", "aria-hidden": "true" });
  ui.countLive = h("p", { class: "ccgw-vh", "aria-live": "polite" });
  ui.polite = h("div", { class: "ccgw-vh", "aria-live": "polite" });
  ui.assertive = h("div", { class: "ccgw-vh", "aria-live": "assertive" });
  ui.form = h(
    "form",
    { class: "ccgw-form", novalidate: true },
    h("label", { class: "ccgw-label", for: "ccgw-input" }, "Your message"),
    h("div", { class: "ccgw-row" }, ui.input, h("button", { type: "submit", class: "ccgw-send" }, "Send")),
    ui.count,
    ui.countLive,
  );
  // Open until the first reply, then folded to one "Privacy" line that still opens it.
  ui.privacy = h(
    "details",
    { class: "ccgw-privacy" },
    h("summary", { class: "ccgw-privacy__summary" }, "Privacy"),
    h("p", {}, PRIVACY_TEXT),
    // What a resident quotes to ask for a copy of the conversation or its deletion (docs/privacy.md).
    h(
      "p",
      {},
      "Your conversation reference is ",
      (ui.reference = h("span", { class: "ccgw-privacy__reference" })),
      ". Quote it if you ask that organisation for a copy of this conversation or for it to be deleted.",
    ),
  );
  ui.body = h(
    "div",
    { class: "ccgw-body" },
    h(
      "p",
      { id: "ccgw-safety", class: "ccgw-safety" },
      rich("span", { class: "ccgw-safety__full" }, SAFETY_TEXT),
      rich("span", { class: "ccgw-safety__short" }, SAFETY_SHORT_TEXT),
    ),
    ui.log,
    ui.typing,
    ui.alert,
    ui.form,
    ui.privacy,
    ui.polite,
    ui.assertive,
  );
  // A non-native dialog would need its own focus trap; <dialog>.showModal()
  // gives one, makes the page behind inert and closes on Esc.
  ui.panel = h(
    "dialog",
    { id: "ccgw-panel", class: "ccgw-panel", "aria-labelledby": "ccgw-title", "aria-describedby": "ccgw-safety" },
    h(
      "div",
      { class: "ccgw-header" },
      // The short title is for the eye only; the dialog's name stays "Islington CCG assistant".
      h(
        "h2",
        { id: "ccgw-title", class: "ccgw-title" },
        h("span", { class: "ccgw-title__full" }, "Islington CCG assistant"),
        h("span", { class: "ccgw-title__short", "aria-hidden": "true" }, "Assistant"),
      ),
      h("div", { class: "ccgw-header__actions" }, ui.restart, ui.close),
    ),
    ui.confirm,
    ui.body,
  );
  ui.spacer = h("div", { class: "ccgw-spacer", "aria-hidden": "true" });
  return ui;
}

/** Quick-reply buttons for a bot message; `onPick(button)` sends its payload. */
export function repliesEl(buttons, onPick) {
  const group = h("div", { class: "ccgw-replies", role: "group", "aria-label": "Suggested replies" });
  for (const button of buttons) {
    group.append(h("button", { type: "button", class: "ccgw-reply", onclick: () => onPick(button) }, button.title));
  }
  return group;
}

/** Bot text as paragraphs, with "- " lines as a real list whose items after the first 3 wait behind "Show all". */
function botTextEl(text) {
  const blocks = textBlocks(text);
  if (blocks.length === 1 && blocks[0].items === undefined) return rich("p", { class: "ccgw-msg__text" }, text);
  const box = h("div", { class: "ccgw-msg__text" });
  for (const block of blocks) {
    if (block.items === undefined) box.append(rich("p", {}, block.text));
    else box.append(...listEls(block.items));
  }
  return box;
}

/** A list that shows its first LIST_SHOWN items, and a "Show all N" button after it if there are more. */
function listEls(items) {
  const list = h("ul", { class: "ccgw-list" });
  list.append(...items.map((item, i) => rich("li", { hidden: i >= LIST_SHOWN }, item)));
  if (items.length <= LIST_SHOWN) return [list];
  const hidden = [...list.children].slice(LIST_SHOWN);
  const more = h(
    "button",
    {
      type: "button",
      class: "ccgw-more",
      onclick: () => {
        for (const li of hidden) li.hidden = false;
        more.remove();
        // Carry on where the list was cut: focus the first newly shown item.
        hidden[0].tabIndex = -1;
        hidden[0].focus();
      },
    },
    `Show all ${items.length}`,
  );
  return [list, more];
}

/** One transcript entry. Bot text gets safe links; the user's own text is shown exactly as typed. */
export function messageEl(msg, onPick) {
  const fromUser = msg.from === "user";
  const entry = h("div", { class: `ccgw-msg ccgw-msg--${fromUser ? "user" : "bot"}` });
  // The sender is real text, so a screen reader reading the transcript hears who said what.
  entry.append(h("p", { class: "ccgw-msg__sender" }, fromUser ? "You" : "Assistant", h("span", { class: "ccgw-vh" }, " said:")));
  const text = fromUser ? h("p", { class: "ccgw-msg__text" }, msg.text) : botTextEl(msg.text);
  if (!fromUser && typeof msg.lang === "string") text.setAttribute("lang", msg.lang);
  if (msg.emergency) {
    entry.classList.add("ccgw-msg--emergency");
    entry.append(
      h(
        "div",
        { class: "ccgw-card" },
        h(
          "h3",
          { class: "ccgw-card__heading" },
          h("span", { class: "ccgw-vh" }, "Emergency: "),
          "Immediate action required",
          h("span", { class: "ccgw-card__arrow", "aria-hidden": "true" }),
        ),
        h("div", { class: "ccgw-card__content" }, text),
      ),
    );
  } else {
    entry.append(text);
  }
  if (!fromUser && onPick && msg.buttons && msg.buttons.length) entry.append(repliesEl(msg.buttons, onPick));
  return entry;
}

/**
 * The small "Was this helpful? Yes / No" vote after an answer. `onVote(option)` sends the option's
 * payload; without `onVote` (a later turn, or already voted) it shows only the thanks, or nothing.
 */
export function feedbackEl(msg, onVote) {
  if (msg.vote) return h("p", { class: "ccgw-feedback ccgw-feedback--done" }, feedbackDone(msg.vote));
  if (!onVote) return null;
  const id = "ccgw-fb-" + Math.random().toString(36).slice(2);
  const group = h(
    "div",
    { class: "ccgw-feedback", role: "group", "aria-labelledby": id },
    h("p", { id, class: "ccgw-feedback__question" }, msg.feedback.question),
  );
  for (const option of msg.feedback.options) {
    group.append(h("button", { type: "button", class: "ccgw-feedback__button", onclick: () => onVote(option, group) }, option.title));
  }
  return group;
}

/** The "not available" box with a retry button. */
export function errorEl(onRetry) {
  return h(
    "div",
    { class: "ccgw-error" },
    rich("p", {}, UNAVAILABLE_TEXT),
    h("button", { type: "button", class: "ccgw-retry", onclick: onRetry }, "Try again"),
  );
}

/** The typing indicator's content: words and animated dots, for sighted users only. */
export function typingEl() {
  return [
    "The assistant is typing",
    h("span", { class: "ccgw-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
  ];
}
