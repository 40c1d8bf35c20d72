"""A resident who sends messages too fast sees the polite reply in the conversation, not the error state."""

import os

import pytest
from playwright.sync_api import expect

from ops.servers import BotServers
from ops.settings import WIDGET_LIMITED_PORTS

LIMIT = 2  # messages a minute in one conversation, instead of 30, so the test reaches it at once


@pytest.fixture(scope="module")
def limited_url(tmp_path_factory):
    if os.environ.get("WIDGET_TEST_SERVER"):
        pytest.skip("needs servers of its own, with a small rate limit")
    env = {"RATE_LIMIT_PER_CONVERSATION": str(LIMIT)}
    with BotServers(tmp_path_factory.mktemp("limited"), ports=WIDGET_LIMITED_PORTS, env=env) as servers:
        yield f"{servers.url}/widget/"


def test_a_resident_over_the_limit_is_asked_politely_to_wait_with_999_and_111_on_screen(widget_at, limited_url):
    widget = widget_at(limited_url).load().open()
    for message in ("hello", "thanks"):
        widget.ask(message)
    limited = widget.ask("hello again")
    expect(limited).to_contain_text("faster than I can answer")
    expect(limited.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    expect(limited).to_contain_text("NHS 111")
    expect(widget.alert).to_be_hidden()  # a reply, not "The assistant isn't available right now"
    heard = [text for _, text in widget.heard()]
    assert sum("faster than I can answer" in text for text in heard) == 1, heard
