"""Journey 3 of issue 13: a worried parent types in lower case about a baby's temperature.

The reply must route to NHS 111 (the urgent tier, "needs advice today"), be on screen on a phone
with 200 % text, and be announced once. It depends on the journeys engineer's urgent tier, so it
fails until that is merged.
"""

import pytest
from conftest import PHONE_200
from playwright.sync_api import expect


@pytest.mark.parametrize("page", [PHONE_200], indirect=True)
def test_worried_parent_is_told_to_call_111_on_screen_and_once(widget, page):
    widget.open()
    widget.input.fill("my baby has a temperature of 39 what do i do")
    widget.input.press("Enter")
    reply = widget.wait_for_reply(0)
    expect(reply).to_contain_text("111")
    link = reply.get_by_role("link", name="111").first
    expect(link).to_have_attribute("href", "tel:111")
    expect(link).to_be_in_viewport(ratio=1)
    expect(reply).not_to_contain_text("I can't give medical advice, such as doses")
    heard = [text for _, text in widget.heard()]
    assert sum("111" in text for text in heard) == 1, heard
