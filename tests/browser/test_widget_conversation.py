"""A resident's conversation through the widget with the real bot.

Open, ask, quick replies, reload, start again, emergencies.
"""

import re

import pytest
from playwright.sync_api import expect

# The privacy note's opening, up to its promise of 30 days.
PRIVACY_OPENING = re.compile(r"^The organisation that runs this service stores what you type.*30 days")

PHONE_QUESTION = "What's the phone number for Archway Medical Centre?"


def test_launcher_opens_a_labelled_dialog_with_safety_and_privacy_notes(widget):
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    widget.open()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.dialog.get_by_role("heading", name="Islington CCG assistant")).to_be_visible()
    expect(widget.dialog.get_by_text(widget.SAFETY_TEXT)).to_be_visible()
    expect(widget.dialog.get_by_text(PRIVACY_OPENING)).to_be_visible()
    # The transcript is read on demand; only the assistant's new words are announced (test_widget_screen_reader).
    expect(widget.log).not_to_have_attribute("aria-live", re.compile("."))
    # The label is visible text, not just a placeholder.
    expect(widget.dialog.get_by_text("Your message", exact=True)).to_be_visible()


def test_practice_phone_number_is_answered_as_a_tel_link(widget, page):
    widget.open()
    held = []  # hold the request so the typing indicator can be seen, then let it through
    page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    before = widget.bot_messages.count()
    widget.input.fill(PHONE_QUESTION)
    widget.input.press("Enter")
    expect(widget.typing).to_have_text("The assistant is typing")
    expect(widget.user_messages.last).to_have_text(f"You said:{PHONE_QUESTION}")
    assert len(held) == 1
    held[0].continue_()
    reply = widget.wait_for_reply(before)
    expect(reply).to_contain_text("Assistant said:")  # the sender is named in readable text
    phone = reply.get_by_role("link", name="020 7272 0111")
    expect(phone).to_have_attribute("href", "tel:02072720111")


def test_quick_reply_button_sends_its_payload(widget, page):
    widget.open()
    widget.ask("What can you do?")
    button = widget.quick_replies.filter(has_text="A GP practice's phone number")
    expect(button).to_be_visible()
    before = widget.bot_messages.count()
    with page.expect_request("**/webhooks/rest/webhook") as sent:
        button.click()
    assert sent.value.post_data_json["message"] == "/ask_practice_phone"
    # The resident sees the button's title as their message, and the bot answers the payload.
    expect(widget.user_messages.last).to_have_text("You said:A GP practice's phone number")
    expect(widget.wait_for_reply(before)).to_contain_text("Which GP practice do you mean?")
    expect(widget.quick_replies).to_have_count(0)  # used suggestions go away
    expect(widget.input).to_be_focused()


def test_reload_keeps_the_transcript_and_the_conversation(widget, page):
    widget.open()
    widget.ask(PHONE_QUESTION)
    sender = widget.stored_state()["sender"]
    page.reload()
    expect(widget.dialog).to_be_visible()  # it was open, so it opens again
    expect(widget.user_messages).to_have_text([f"You said:{PHONE_QUESTION}"])
    expect(widget.bot_messages.first.get_by_role("link", name="020 7272 0111")).to_be_visible()
    # The same sender id carries on, so the bot still knows which practice we meant.
    with page.expect_request("**/webhooks/rest/webhook") as sent:
        reply = widget.ask("and their address?")
    assert sent.value.post_data_json["sender"] == sender
    expect(reply).to_contain_text("Holloway Road")


def test_start_again_asks_first_then_sends_restart_and_clears_the_transcript(widget, page):
    widget.open()
    widget.ask(PHONE_QUESTION)
    # A slip of the finger doesn't wipe the conversation: it asks, and Cancel keeps everything.
    widget.dialog.get_by_role("button", name="Start again").click()
    confirm = widget.dialog.get_by_role("group", name="Start again? This clears the conversation.")
    expect(confirm.get_by_role("button", name="Yes, clear it")).to_be_focused()
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(widget.dialog.get_by_role("button", name="Start again")).to_be_focused()
    expect(widget.user_messages).to_have_count(1)
    widget.dialog.get_by_role("button", name="Start again").click()
    with page.expect_request("**/webhooks/rest/webhook") as sent:
        confirm.get_by_role("button", name="Yes, clear it").click()
    assert sent.value.post_data_json["message"] == "/restart"
    expect(widget.user_messages).to_have_count(0)
    expect(widget.log).not_to_contain_text("020 7272 0111")
    expect(widget.input).to_be_focused()
    expect(widget.typing).to_have_text("")
    assert all(m["from"] == "bot" for m in widget.stored_state()["messages"])
    page.reload()
    expect(widget.log).not_to_contain_text(PHONE_QUESTION)


def test_emergency_reply_is_shown_as_an_emergency_care_card(widget):
    widget.open()
    reply = widget.ask("my dad has chest pain")
    card = reply.locator(".ccgw-card")
    expect(card.get_by_role("heading", name="Emergency: Immediate action required")).to_be_visible()
    expect(card).to_contain_text("Call 999 now")
    expect(card.get_by_role("link", name="999").first).to_have_attribute("href", "tel:999")
    heading_colour = card.get_by_role("heading").evaluate("el => getComputedStyle(el).backgroundColor")
    assert heading_colour == "rgb(213, 40, 27)"  # NHS red
    # An ordinary answer is not dressed up as an emergency.
    expect(widget.ask(PHONE_QUESTION).locator(".ccgw-card")).to_have_count(0)


def test_self_harm_reply_is_a_card_with_the_samaritans_number(widget):
    widget.open()
    reply = widget.ask("I'm having suicidal thoughts")
    card = reply.locator(".ccgw-card")
    expect(card).to_contain_text("Samaritans")
    expect(card.get_by_role("link", name="116 123")).to_have_attribute("href", "tel:116123")


def test_custom_emergency_marker_alone_makes_a_card(widget, page):
    # The bot's contract has two signals; this checks the {"custom": {"kind": "emergency"}} one
    # on wording that does not start with "Call 999".
    page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            json=[
                {"recipient_id": "x", "text": "Please get help straight away."},
                {"recipient_id": "x", "custom": {"kind": "emergency"}},
                {"recipient_id": "x", "text": "Is there anything else?"},
            ]
        ),
    )
    widget.open()
    widget.ask("help")
    expect(widget.bot_messages).to_have_count(2)
    expect(widget.bot_messages.first.locator(".ccgw-card")).to_contain_text("Please get help straight away.")
    expect(widget.bot_messages.last.locator(".ccgw-card")).to_have_count(0)


def test_the_privacy_note_gives_the_reference_that_finds_this_conversation(widget, page, request):
    """A resident asking for a copy or deletion quotes the reference; `make export` finds their conversation."""
    import os
    import subprocess
    import sys

    if os.environ.get("WIDGET_TEST_SERVER"):
        pytest.skip("needs the test session's own servers, to read their database")
    tracker_db = request.getfixturevalue("bot_servers").tracker_db
    widget.load().open()
    widget.ask(PHONE_QUESTION)
    privacy = widget.dialog.get_by_text("Privacy", exact=True)
    privacy.click()  # folded after the first reply, one click away
    reference = widget.dialog.locator(".ccgw-privacy__reference")
    expect(reference).to_be_visible()
    assert reference.inner_text() == widget.stored_state()["sender"]
    exported = subprocess.run(
        [sys.executable, "-m", "ops.subject_requests", "export", reference.inner_text(), "--db", str(tracker_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert PHONE_QUESTION in exported.stdout
