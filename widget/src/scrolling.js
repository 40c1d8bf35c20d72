// Where the transcript scrolls to: a new reply shows from its first line, since the answer is at the top.

export function scrollToEnd(ui) {
  ui.log.scrollTop = ui.log.scrollHeight;
}

/**
 * Show as much of a new reply as fits, but always its first line: the answer is at the top,
 * the source at the end. On a small screen the whole body scrolls too, so bring the line into it.
 */
export function showStartOf(ui, el) {
  const top = el.getBoundingClientRect().top - ui.log.getBoundingClientRect().top + ui.log.scrollTop;
  ui.log.scrollTop = Math.min(top - 8, ui.log.scrollHeight - ui.log.clientHeight);
  const line = el.getBoundingClientRect();
  const body = ui.body.getBoundingClientRect();
  if (line.top < body.top || line.top + 48 > body.bottom) ui.body.scrollTop += line.top - body.top - 8;
}

/** On opening or reloading: the start of the latest reply, or the introduction before the first one. */
export function showLatest(ui) {
  const users = ui.log.querySelectorAll(".ccgw-msg--user");
  const latest = users.length ? users[users.length - 1].nextElementSibling : null;
  if (latest) showStartOf(ui, latest);
  else if (users.length) scrollToEnd(ui);
  else ui.log.scrollTop = 0;
}
