// Entry point: reads the embedding <script> tag, builds the widget, puts it on the page and starts the conversation.
//
// Embed with: <script src="https://bot.example/widget/widget.js" data-server="https://bot.example" defer></script>
// The modules beside this one each hold one part; docs/widget.md lists them.

import { readConfig } from "./config.js";
import { createConversation } from "./conversation.js";
import { MAX_LENGTH, watchLength } from "./counter.js";
import { wirePanel } from "./panel.js";
import { load } from "./store.js";
import { createTranscript } from "./transcript.js";
import { buildWidget } from "./view.js";

// Found while the script runs: currentScript is null later, and also if a tag manager injected us,
// in which case the tag is found by its file name.
const script = document.currentScript || document.querySelector('script[src*="widget.js"]');

/** Loads widget.css, then shows the launcher: unstyled beats missing, so a failed load shows it too. */
function loadStyles(href, reveal) {
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = href;
  css.addEventListener("load", reveal, { once: true });
  css.addEventListener("error", reveal, { once: true });
  document.head.append(css);
}

function start() {
  if (document.getElementById("ccgw-panel")) return; // embedded twice: keep the first
  const config = readConfig(script, location.href);
  const state = load();
  const ui = buildWidget({ maxLength: MAX_LENGTH });
  ui.reference.textContent = state.sender;
  // The transcript's buttons call the conversation, which is made after it, once they are pressed.
  const transcript = createTranscript(ui, state, {
    pick: (button) => conversation.pick(button),
    vote: (msg, option, group) => conversation.vote(msg, option, group),
  });
  const conversation = createConversation(ui, state, config, transcript);
  const open = wirePanel(ui, state, conversation, watchLength(ui));

  transcript.render();
  document.body.append(ui.launcher, ui.panel, ui.spacer);
  loadStyles(config.cssHref, () => {
    ui.launcher.hidden = false;
    if (state.open) open(); // the panel was open before a reload
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
