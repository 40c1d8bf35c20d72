// Builds widget/dist from src/ and demo/: the bundled widget.js, widget.css, the demo page and its NHS.UK CSS.
//
// Usage: node build.mjs   (run by `make widget`; needs `npm ci` first)

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import * as sass from "sass";

const DIST = "dist";

function css(entry, out) {
  // quietDeps: nhsuk-frontend's own deprecation warnings are not ours to fix.
  const { css } = sass.compile(entry, { loadPaths: ["node_modules"], style: "compressed", quietDeps: true });
  writeFileSync(`${DIST}/${out}`, css + "\n");
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST);

await esbuild.build({
  entryPoints: ["src/widget.js"],
  outfile: `${DIST}/widget.js`,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  legalComments: "none",
  logLevel: "warning",
});
css("src/widget.scss", "widget.css");
css("src/demo.scss", "nhsuk.css");
copyFileSync("demo/index.html", `${DIST}/index.html`);
// nhsuk-frontend is MIT licensed; ship its notice with the CSS compiled from it.
copyFileSync("demo/NOTICE.txt", `${DIST}/NOTICE.txt`);

for (const file of ["widget.js", "widget.css"]) {
  const bytes = readFileSync(`${DIST}/${file}`);
  console.log(`${DIST}/${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
}
