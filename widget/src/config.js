// Reads the embedding <script> tag's settings: which server to talk to, where widget.css is, how long to wait.
//
// Embed with: <script src="https://bot.example/widget/widget.js" data-server="https://bot.example" defer></script>
// data-server defaults to the script's own origin; data-timeout is in milliseconds.

export const DEFAULT_TIMEOUT_MS = 15000;

/** The settings of `script` (a tag, or null when it cannot be found); `pageHref` stands in for a missing src. */
export function readConfig(script, pageHref) {
  const src = new URL((script && script.src) || pageHref, pageHref);
  const data = (script && script.dataset) || {};
  return {
    server: (data.server || src.origin).replace(/\/+$/, ""),
    cssHref: new URL("widget.css", src).href,
    timeoutMs: Number(data.timeout) > 0 ? Number(data.timeout) : DEFAULT_TIMEOUT_MS,
  };
}
