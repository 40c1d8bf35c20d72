// The message box's character counter: "You have N characters remaining" from 400, and a word when a paste is cut.
//
// Hand-written, not nhsuk-frontend's CharacterCount (10.6.1), because that component does not fit here:
// - it removes the input's maxlength, so a resident could type past 500 and be told "N characters too many"
//   instead of the hard limit the widget keeps, and it has no way to say that a paste was cut;
// - it runs only when the host page's <body> has the class nhsuk-frontend-supported, which the widget may
//   not add: that class switches on NHS.UK frontend's scripted styles across the host's own page;
// - its messages use nhsuk-hint, nhsuk-error-message and nhsuk-u-visually-hidden, styles the widget does not
//   ship (every widget rule is scoped to a ccgw- class);
// - bundled, it is 12.2 kB (4.0 kB gzipped): about three-quarters again the size of the whole widget.js.
// It has no CSP problem (no inline style, no eval). The wording and the 80 % threshold below are its own.

export const MAX_LENGTH = 500;
export const COUNT_FROM = 400; // show "N characters remaining" from here on
export const CUT_TEXT = `Your message was cut to ${MAX_LENGTH} characters.`;
const SPOKEN_AFTER_MS = 1000;

/** The counter's words for a message of `length` characters: nothing below COUNT_FROM. */
export function remainingText(length) {
  const left = MAX_LENGTH - length;
  if (left > MAX_LENGTH - COUNT_FROM) return "";
  return `You have ${left} character${left === 1 ? "" : "s"} remaining`;
}

/** Whether inserting `added` into `value`, over a selection of `selected` characters, passes the limit. */
export function isCut(value, selected, added) {
  return added.length > 0 && value.length - selected + added.length > MAX_LENGTH;
}

/** Keeps `ui.count` (seen) and `ui.countLive` (heard) up to date; returns the function that updates them. */
export function watchLength(ui) {
  let cut = false; // the last edit was longer than the room left, so the browser cut it
  let timer;

  // The browser drops whatever passes maxlength without a word; note when an edit was too long.
  function noteCut(event) {
    const added = event.data ?? (event.dataTransfer && event.dataTransfer.getData("text/plain")) ?? "";
    cut = isCut(ui.input.value, ui.input.selectionEnd - ui.input.selectionStart, added);
  }

  function update() {
    const text = remainingText(ui.input.value.length);
    ui.count.textContent = cut ? `${CUT_TEXT} ${text}` : text;
    ui.count.classList.toggle("ccgw-count--over", ui.input.value.length >= MAX_LENGTH);
    // Screen readers hear the count once typing pauses, not on every key; a cut they hear at once.
    clearTimeout(timer);
    if (cut) ui.countLive.textContent = CUT_TEXT;
    else timer = setTimeout(() => (ui.countLive.textContent = text), SPOKEN_AFTER_MS);
    cut = false;
  }

  ui.input.addEventListener("beforeinput", noteCut);
  ui.input.addEventListener("input", update);
  return update;
}
