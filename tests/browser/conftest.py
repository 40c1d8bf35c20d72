"""Browser-test fixtures: Debian's Chromium, driven by Playwright, on the demo page served by the real bot."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect, sync_playwright

from tests.bot_fixtures import bot_server, bot_servers  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "widget" / "dist"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's own browser download is not used: Debian's chromium is (make chromium installs it).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
REPLY_TIMEOUT_MS = 30_000  # the real bot on 2 shared cores can take a few seconds

expect.set_options(timeout=REPLY_TIMEOUT_MS)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "network_errors_expected: the test cuts the server off, so Chromium may log failed loads"
    )


class ChatWidget:
    """The widget as a resident sees it: found by role, label and text wherever possible."""

    # What the resident must always see; the tests compare against these exact words.
    SAFETY_TEXT = "This is an automated assistant. In an emergency call 999."
    UNAVAILABLE_TEXT = "The assistant isn't available right now. For health advice call NHS 111 or visit nhs.uk."

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url
        self.launcher = page.get_by_role("button", name="Ask the assistant")
        self.dialog = page.get_by_role("dialog", name="Islington CCG assistant")
        self.log = self.dialog.get_by_role("region", name="Conversation")
        self.input = self.dialog.get_by_label("Your message")
        self.send_button = self.dialog.get_by_role("button", name="Send", exact=True)
        self.typing = self.dialog.locator(".ccgw-typing")
        self.alert = self.dialog.get_by_role("alert")
        self.bot_messages = self.log.locator(".ccgw-msg--bot")
        self.user_messages = self.log.locator(".ccgw-msg--user")
        self.quick_replies = self.log.get_by_role("group", name="Suggested replies").get_by_role("button")
        self.feedback = self.log.get_by_role("group", name="Was this helpful?")

    def load(self) -> ChatWidget:
        self.page.goto(self.url)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> ChatWidget:
        self.launcher.click()
        expect(self.dialog).to_be_visible()
        expect(self.input).to_be_focused()
        # Let the short opening animation finish, so checks see the settled panel.
        self.dialog.evaluate("d => Promise.all(d.getAnimations().map(a => a.finished))")
        return self

    def wait_for_reply(self, count_before: int) -> Locator:
        """The first bot message after `count_before`, once the whole reply has arrived."""
        reply = self.bot_messages.nth(count_before)
        expect(reply).to_be_visible()
        expect(self.typing).to_have_text("")
        return reply

    def ask(self, text: str) -> Locator:
        """Types `text`, presses Enter, and returns the first bot message of the reply."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.wait_for_reply(before)

    WEBHOOK = "**/webhooks/rest/webhook"

    def send_during_outage(self, text: str) -> None:
        """Opens the widget and sends `text` while the bot's webhook refuses connections."""
        self.open()
        self.page.route(self.WEBHOOK, lambda route: route.abort("connectionrefused"))
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.alert).to_contain_text(self.UNAVAILABLE_TEXT)

    def stored_state(self) -> dict:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('islington-ccg-assistant:v1'))")

    def heard(self) -> list[tuple[str, str]]:
        """What a screen reader would have announced so far: (politeness, text), in order."""
        return [tuple(item) for item in self.page.evaluate("window.__heard")]


# Records every text added to a live region, as a screen reader would queue it: a MutationObserver
# over the whole document from before the page's own scripts run.
LIVE_TRANSCRIPT = """
window.__heard = [];
new MutationObserver((records) => {
  for (const record of records) {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    const region = target && target.closest('[aria-live], [role=alert], [role=status], [role=log]');
    if (!region || region.closest('[aria-hidden=true]')) continue;
    const role = region.getAttribute('role');
    const live = region.getAttribute('aria-live') || (role === 'alert' ? 'assertive' : 'polite');
    if (live === 'off') continue;
    const texts = record.type === 'characterData'
      ? [record.target.data]
      : [...record.addedNodes].map(n => n.textContent);
    for (const text of texts) if (text && text.trim()) window.__heard.push([live, text.trim()]);
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""


def record_sent(page) -> list[str]:
    """Lets every message through to the real bot, and returns the list of what the widget sent."""
    sent = []

    def handle(route):
        sent.append(json.loads(route.request.post_data)["message"])
        route.continue_()

    page.route("**/webhooks/rest/webhook", handle)
    return sent


@pytest.fixture(scope="session")
def server_url(request) -> str:
    """The Rasa server's base URL: the shared `bot_server` fixture, or WIDGET_TEST_SERVER if set."""
    if not (DIST / "widget.js").is_file():
        pytest.fail(f"{DIST}/widget.js is missing: run `make widget` first (make test does)")
    url = os.environ.get("WIDGET_TEST_SERVER") or request.getfixturevalue("bot_server")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def demo_url(server_url: str) -> str:
    return f"{server_url}/widget/"


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def set_text_zoom(context, page: Page, factor: float) -> None:
    """The browser's text size setting (as on a phone set to large text): the default font size times factor.

    The widget sizes all its text in rem, so this is the setting it must survive; page zoom would shrink
    the viewport instead.
    """
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": round(16 * factor), "fixed": round(13 * factor)}})


# For `@pytest.mark.parametrize("page", [PHONE_200], indirect=True)`: a phone with 200 % text.
PHONE_200 = {"viewport": {"width": 360, "height": 740}, "text_zoom": 2}
SMALL_PHONE_200 = {"viewport": {"width": 320, "height": 640}, "text_zoom": 2}


@pytest.fixture
def page(browser: Browser, request) -> Page:
    """A fresh browser session per test; fails the test on any console error, uncaught error or dialog.

    Parametrised indirectly with PHONE_200 or SMALL_PHONE_200 it is a phone with 200 % text instead of a desktop.
    """
    size = getattr(request, "param", None) or {}
    context = browser.new_context(viewport=size.get("viewport", DESKTOP))
    context.add_init_script(LIVE_TRANSCRIPT)
    page = context.new_page()
    if size.get("text_zoom"):
        set_text_zoom(context, page, size["text_zoom"])
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    def on_dialog(dialog) -> None:
        problems.append(f"{dialog.type}() dialog opened: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    page.on("dialog", on_dialog)
    page.problems = problems
    yield page
    context.close()
    if request.node.get_closest_marker("network_errors_expected"):
        # Chromium logs each refused connection itself; anything else is still a failure.
        problems = [p for p in problems if "Failed to load resource: net::ERR_" not in p]
    assert problems == [], "the page reported problems:\n" + "\n".join(problems)


@pytest.fixture
def widget(page: Page, demo_url: str) -> ChatWidget:
    """The demo page, loaded, with the widget closed."""
    return ChatWidget(page, demo_url).load()


@pytest.fixture
def widget_at(page: Page):
    """Makes a ChatWidget for a page at another URL (not yet loaded)."""
    return lambda url: ChatWidget(page, url)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
