"""Residents' journeys from issue 13, run again: each reaches its answer on screen, announced once.

1. An older resident on a phone with 200 % text asks a practice's phone number.
2. A screen-reader and keyboard-only user completes a conversation without a mouse.
(3. The worried parent is in test_widget_journey_worried_parent.py: it needs the urgent tier.)
"""

import pytest
from playwright.sync_api import expect
from test_widget_keyboard import FOCUSED, tab_until

from tests.browser.conftest import PHONE_200, ROOT

JOURNEYS = ROOT / "test-output" / "journeys"


@pytest.mark.parametrize("page", [PHONE_200], indirect=True)
def test_older_resident_on_a_phone_at_200_percent_gets_the_practice_phone_number(widget, page):
    widget.open()
    widget.input.fill("whats the phone number for archway medical centre")
    widget.input.press("Enter")
    reply = widget.wait_for_reply(0)
    phone = reply.get_by_role("link", name="020 7272 0111")
    expect(phone).to_be_in_viewport(ratio=1)
    expect(phone).to_have_attribute("href", "tel:02072720111")
    heard = [text for _, text in widget.heard()]
    assert sum("020 7272 0111" in text for text in heard) == 1, heard
    JOURNEYS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=JOURNEYS / "after-journey-1-older-resident.png")


def test_screen_reader_keyboard_only_user_completes_a_conversation(widget, page):
    tab_until(page, lambda f: f["text"] == "Ask the assistant")
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()

    page.keyboard.type("What can you do?")
    page.keyboard.press("Enter")
    widget.wait_for_reply(0)
    path = tab_until(page, lambda f: f["text"] == "A GP practice's phone number")
    assert all(f["inDialog"] or f["onBody"] for f in path), path
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    widget.wait_for_reply(1)
    page.keyboard.type("archway")
    page.keyboard.press("Enter")
    reply = widget.wait_for_reply(2)
    expect(reply).to_contain_text("020 7272 0111")

    heard = widget.heard()
    assert len(heard) == 4 and all(politeness == "polite" for politeness, _ in heard), heard
    assert "Which GP practice do you mean?" in heard[1][1]
    assert "020 7272 0111" in heard[2][1]
    assert heard[3][1] == "Was this helpful?"  # the vote after an answer, said once
    assert not any("You said" in text or "typing" in text for _, text in heard), heard

    # Start again asks first, by keyboard too, and says when it has cleared.
    restart = widget.dialog.get_by_role("button", name="Start again")
    restart.focus()
    page.keyboard.press("Enter")
    expect(widget.dialog.get_by_role("button", name="Yes, clear it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    expect(widget.user_messages).to_have_count(0)
    # Said once cleared; the bot's own "Let's start again" may be heard just before or after it, as the server answers.
    for _ in range(50):
        if ("polite", "Conversation cleared.") in widget.heard():
            break
        page.wait_for_timeout(100)
    assert ("polite", "Conversation cleared.") in widget.heard()

    page.keyboard.press("Escape")
    expect(widget.launcher).to_be_focused()
    assert page.evaluate(FOCUSED)["text"] == "Ask the assistant"
