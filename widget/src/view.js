// Builds the widget's DOM: launcher, dialog panel, transcript entries, quick replies and the error box.
//
// Elements are made with createElement and text nodes only; no HTML strings.

import { appendRichText } from "./richtext.js";

export const SAFETY_TEXT = "This is an automated assistant. In an emergency call 999.";
export const UNAVAILABLE_TEXT =
  "The assistant isn't available right now. For health advice call NHS 111 or visit nhs.uk.";
const PRIVACY_TEXT =
  "Privacy: we store what you type, with a random ID (not your name) and with details such as NHS numbers, " +
  "phone numbers and addresses removed, for up to 30 days. " +
  "This browser tab keeps a copy until you close it. Do not enter personal details.";
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

function chatIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "ccgw-launcher__icon");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm2 5v2h12V8H6Zm0 4v2h8v-2H6Z");
  svg.append(path);
  return svg;
}

/** Creates every fixed part of the widget and returns the elements the controller needs. */
export function buildWidget({ maxLength }) {
  const ui = {};
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
    chatIcon(),
    "Ask the assistant",
  );
  ui.restart = h("button", { type: "button", class: "ccgw-header-button" }, "Start again");
  ui.close = h(
    "button",
    { type: "button", class: "ccgw-header-button" },
    "Close",
    h("span", { class: "ccgw-vh" }, " the assistant"),
  );
  ui.intro = h("p", { class: "ccgw-intro" }, INTRO_TEXT);
  // The scrolling transcript is focusable so keyboard users can scroll it.
  ui.log = h("div", {
    class: "ccgw-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation",
    tabindex: "0",
  });
  ui.typing = h("div", { class: "ccgw-typing", role: "status" });
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
  ui.announcer = h("p", { class: "ccgw-vh", role: "status" });
  ui.form = h(
    "form",
    { class: "ccgw-form", novalidate: true },
    h("label", { class: "ccgw-label", for: "ccgw-input" }, "Your message"),
    h("div", { class: "ccgw-row" }, ui.input, h("button", { type: "submit", class: "ccgw-send" }, "Send")),
    ui.count,
    ui.countLive,
  );
  // A non-native dialog would need its own focus trap; <dialog>.showModal()
  // gives one, makes the page behind inert and closes on Esc.
  ui.panel = h(
    "dialog",
    { id: "ccgw-panel", class: "ccgw-panel", "aria-labelledby": "ccgw-title", "aria-describedby": "ccgw-safety" },
    h(
      "div",
      { class: "ccgw-header" },
      h("h2", { id: "ccgw-title", class: "ccgw-title" }, "Islington CCG assistant"),
      h("div", { class: "ccgw-header__actions" }, ui.restart, ui.close),
    ),
    h(
      "div",
      { class: "ccgw-body" },
      rich("p", { id: "ccgw-safety", class: "ccgw-safety" }, SAFETY_TEXT),
      ui.log,
      ui.typing,
      ui.alert,
      ui.form,
      h("p", { class: "ccgw-privacy" }, PRIVACY_TEXT),
      ui.announcer,
    ),
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

/** One transcript entry. Bot text gets safe links; the user's own text is shown exactly as typed. */
export function messageEl(msg, onPick) {
  const fromUser = msg.from === "user";
  const entry = h("div", { class: `ccgw-msg ccgw-msg--${fromUser ? "user" : "bot"}` });
  // The sender is real text, so a screen reader announces who said what.
  entry.append(h("p", { class: "ccgw-msg__sender" }, fromUser ? "You" : "Assistant", h("span", { class: "ccgw-vh" }, " said:")));
  const text = fromUser ? h("p", { class: "ccgw-msg__text" }, msg.text) : rich("p", { class: "ccgw-msg__text" }, msg.text);
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

/** The "not available" box with a retry button. */
export function errorEl(onRetry) {
  return h(
    "div",
    { class: "ccgw-error" },
    rich("p", {}, UNAVAILABLE_TEXT),
    h("button", { type: "button", class: "ccgw-retry", onclick: onRetry }, "Try again"),
  );
}

/** The typing indicator's content: words for everyone, animated dots for sighted users. */
export function typingEl() {
  return [
    "The assistant is typing",
    h("span", { class: "ccgw-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
  ];
}
