"""Screenshots of two builds of the widget side by side, on a phone at 200 % text, against the real bot.

Usage: .venv/bin/python -m tests.browser.before_after OLD_DIST [NEW_DIST] [--out docs/screenshots]

OLD_DIST is the `widget/dist` of an earlier commit, built there with `npm ci && node build.mjs` (for example in a
`git worktree`). Both builds are served in place of the current one by Playwright, to the same bot, at 360x740 and
320x640 with the browser's text size doubled, and each asks the same question. For the before/after pictures of
issues 10 and 13 (docs/widget.md); nothing here runs in make test.
"""

from __future__ import annotations

import argparse
import mimetypes
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from ops.servers import BotServers
from ops.settings import ROOT, SCREENSHOT_PORTS
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, set_text_zoom

QUESTION = "What is the phone number for Archway Medical Centre?"
PHONES = {"360x740": {"width": 360, "height": 740}, "320x640": {"width": 320, "height": 640}}


def serve_from(dist: Path):
    """A Playwright route handler that answers /widget/... from another build's files."""

    def handle(route):
        name = route.request.url.split("/widget/", 1)[1].split("?")[0] or "index.html"
        path = dist / name
        if not path.is_file():
            return route.continue_()
        return route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(name)[0] or "text/plain")

    return handle


def shoot(browser, url: str, dist: Path, viewport: dict, out: Path) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    set_text_zoom(context, page, 2)
    page.route("**/widget/**", serve_from(dist))
    page.goto(url)
    page.locator(".ccgw-launcher").click()
    before = page.locator(".ccgw-msg--bot").count()
    page.locator("#ccgw-input").fill(QUESTION)
    page.locator("#ccgw-input").press("Enter")
    page.locator(".ccgw-msg--bot").nth(before).wait_for()
    page.wait_for_timeout(500)  # let the reply's scrolling settle
    page.screenshot(path=out)
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_dist", type=Path)
    parser.add_argument("new_dist", type=Path, nargs="?", default=ROOT / "widget" / "dist")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        BotServers(Path(tmp), ports=SCREENSHOT_PORTS) as servers,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for when, dist in (("before", args.old_dist), ("after", args.new_dist)):
            for size, viewport in PHONES.items():
                out = args.out / f"{when}-{size}-200pc-reply.png"
                shoot(browser, f"{servers.url}/widget/", dist.resolve(), viewport, out)
                print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
        browser.close()


if __name__ == "__main__":
    main()
