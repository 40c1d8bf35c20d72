"""When the server is unreachable or slow: the error state with NHS 111 advice, a retry, and no uncaught errors."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.widget_channel import CONTENT_SECURITY_POLICY

DIST = Path(__file__).resolve().parents[2] / "widget" / "dist"


class DistHandler(SimpleHTTPRequestHandler):
    """Serves widget/dist with the demo page's CSP, so the page behaves as it does from the bot."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def log_message(self, *args):
        pass


def start_dist_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(DistHandler, directory=str(DIST)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.network_errors_expected
def test_server_stopped_shows_error_state_without_uncaught_errors(widget_at):
    server = start_dist_server()
    widget = widget_at(f"http://127.0.0.1:{server.server_address[1]}/").load().open()
    # The server goes away after the page loaded: nothing listens on its port any more.
    server.shutdown()
    server.server_close()
    widget.input.fill("What's the phone number for Archway Medical Centre?")
    widget.input.press("Enter")
    expect(widget.alert).to_contain_text(widget.UNAVAILABLE_TEXT)
    expect(widget.alert.get_by_role("link", name="111")).to_have_attribute("href", "tel:111")
    expect(widget.typing).to_have_text("")
    # Retrying while still down fails the same, calm way.
    widget.alert.get_by_role("button", name="Try again").click()
    expect(widget.input).to_be_focused()
    expect(widget.alert).to_contain_text(widget.UNAVAILABLE_TEXT)
    expect(widget.user_messages).to_have_count(1)  # a retry does not repeat the message
    # The page fixture fails the test on any uncaught error or non-network console error.


@pytest.mark.network_errors_expected
def test_try_again_after_an_outage_gets_the_real_answer(widget, page):
    widget.send_during_outage("What's the phone number for Archway Medical Centre?")
    page.unroute(widget.WEBHOOK)  # the server is back
    widget.alert.get_by_role("button", name="Try again").click()
    reply = widget.wait_for_reply(0)
    expect(reply.get_by_role("link", name="020 7272 0111")).to_be_visible()
    expect(widget.alert).to_have_text("")


@pytest.mark.network_errors_expected
def test_a_reply_that_never_comes_times_out_into_the_error_state(widget_at, page, demo_url):
    def short_timeout(route):
        response = route.fetch()
        html = response.text().replace(
            '<script src="widget.js" defer>', '<script src="widget.js" data-timeout="1500" defer>'
        )
        route.fulfill(response=response, body=html)

    page.route(demo_url, short_timeout)
    page.route("**/webhooks/rest/webhook", lambda route: None)  # held, never answered
    widget = widget_at(demo_url).load().open()
    widget.input.fill("hello")
    widget.input.press("Enter")
    expect(widget.typing).to_have_text("The assistant is typing")
    expect(widget.alert).to_contain_text(widget.UNAVAILABLE_TEXT, timeout=5000)
    expect(widget.typing).to_have_text("")
