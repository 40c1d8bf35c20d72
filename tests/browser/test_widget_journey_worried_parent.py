"""Journey 3 of issue 13: a worried parent types in lower case about a baby's temperature.

The reply must route to NHS 111 (the urgent tier, "needs advice today"), be on screen on a phone
with 200 % text, and be announced once.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE_200


@pytest.mark.parametrize("page", [PHONE_200], indirect=True)
def test_worried_parent_is_told_to_call_111_on_screen_and_once(widget, page):
    widget.open()
    widget.input.fill("my baby has a temperature of 39 what do i do")
    widget.input.press("Enter")
    widget.wait_for_reply(0)
    # Not the medicines template this question used to get, but a route to 111 now.
    expect(widget.log).not_to_contain_text("I can't give medical advice, such as doses")
    expect(widget.log).to_contain_text("needs advice today")
    reply = widget.bot_messages.filter(has=page.locator('a[href="tel:111"]')).first
    expect(reply).to_be_visible()
    expect(reply.get_by_role("link", name="111").first).to_be_in_viewport(ratio=1)
    said = next(m["text"] for m in widget.stored_state()["messages"] if "111" in m.get("text", ""))
    heard = [text for _, text in widget.heard()]
    assert sum(text.endswith(said) for text in heard) == 1, (said, heard)
