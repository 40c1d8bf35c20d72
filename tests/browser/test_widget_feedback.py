"""The "Was this helpful? Yes / No" vote after an answer (contract 1 of the editors' loop, issue 10).

Against the real bot: its factual answers end with the vote, and it thanks the resident for voting.
"""

from playwright.sync_api import expect
from test_widget_axe import assert_no_axe_violations

from facts.fixed_replies import fixed_reply
from tests.browser.conftest import record_sent

VOTE_REPLY = fixed_reply("utter_feedback_thanks")

PHONE_QUESTION = "What is the phone number for Archway Medical Centre?"


def test_vote_is_offered_announced_and_sent_then_replaced_by_thanks(widget, page):
    sent = record_sent(page)
    widget.open()
    reply = widget.ask(PHONE_QUESTION)
    expect(reply.get_by_role("link", name="020 7272 0111")).to_be_visible()
    vote = widget.feedback
    expect(vote.get_by_role("button")).to_have_text(["Yes", "No"])
    assert ("polite", "Was this helpful?") in widget.heard()
    assert_no_axe_violations(page)

    before = widget.bot_messages.count()
    vote.get_by_role("button", name="Yes").click()
    expect(widget.log).to_contain_text("You answered: Yes.")
    expect(widget.feedback).to_have_count(0)
    expect(widget.input).to_be_focused()  # not lost when the buttons go
    expect(widget.bot_messages.nth(before)).to_contain_text(VOTE_REPLY)
    assert sent[-1] == "/feedback_helpful"
    expect(widget.user_messages).to_have_count(1)  # the vote is not shown as something the resident said
    assert_no_axe_violations(page)

    page.reload()  # the vote stays cast
    expect(widget.log).to_contain_text("You answered: Yes.")
    expect(widget.feedback).to_have_count(0)


def test_vote_by_keyboard_alone(widget, page):
    sent = record_sent(page)
    widget.open()
    widget.ask(PHONE_QUESTION)
    # From the message box, Shift+Tab reaches the vote's buttons: No, then Yes.
    page.keyboard.press("Shift+Tab")
    expect(widget.feedback.get_by_role("button", name="No")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.log).to_contain_text("You answered: No.")
    expect(widget.input).to_be_focused()
    widget.wait_for_reply(1)
    assert sent[-1] == "/feedback_not_helpful"


def test_an_ignored_vote_goes_away_when_the_resident_carries_on(widget, page):
    sent = record_sent(page)
    widget.open()
    widget.ask(PHONE_QUESTION)
    expect(widget.feedback).to_be_visible()
    widget.ask("hello")  # a greeting is not an answer, so it brings no vote of its own
    expect(widget.feedback).to_have_count(0)
    assert not any(message.startswith("/feedback_") for message in sent)
    page.reload()
    expect(widget.bot_messages).to_have_count(2)
    expect(widget.feedback).to_have_count(0)


def test_a_malformed_feedback_message_is_ignored(widget, page):
    page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            json=[
                {"recipient_id": "x", "text": "An answer."},
                {"recipient_id": "x", "custom": {"feedback": {"question": "Was this helpful?", "options": "yes"}}},
                {"recipient_id": "x", "custom": {"feedback": None}},
            ]
        ),
    )
    widget.open()
    expect(widget.ask("hello")).to_contain_text("An answer.")
    expect(widget.feedback).to_have_count(0)
