"""A keyboard-only session: Tab to the launcher, Enter to open and send, a quick reply and a vote by keyboard, Esc."""

from playwright.sync_api import expect

from tests.browser.conftest import record_sent

FOCUSED = """() => {
  const el = document.activeElement;
  return {
    inDialog: !!el && !!el.closest('dialog[open]'),
    onBody: el === document.body || el === null,
    text: el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '',
  };
}"""


def tab_until(page, is_target, limit=40):
    """Presses Tab until is_target(focused) is true; returns everything focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if is_target(focused):
            return seen
    raise AssertionError(f"never reached the target; focus went through {seen}")


def test_keyboard_only_session_from_tab_to_escape(widget, page):
    sent = record_sent(page)  # answers to a phone-number question end with "Was this helpful?"
    # Reach the launcher from the top of the page with Tab alone.
    tab_until(page, lambda f: f["text"] == "Ask the assistant")
    expect(widget.launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.dialog).to_be_visible()
    expect(widget.input).to_be_focused()

    # Enter sends.
    page.keyboard.type("What can you do?")
    page.keyboard.press("Enter")
    widget.wait_for_reply(0)
    expect(widget.input).to_be_focused()
    expect(widget.input).to_have_value("")

    # Tab reaches a quick reply, and focus never leaves the open dialog for the page behind it.
    path = tab_until(page, lambda f: f["text"] == "A GP practice's phone number")
    assert all(f["inDialog"] or f["onBody"] for f in path), path
    before = widget.bot_messages.count()
    page.keyboard.press("Enter")
    expect(widget.user_messages.last).to_contain_text("A GP practice's phone number")
    widget.wait_for_reply(before)
    expect(widget.input).to_be_focused()  # not lost when the used buttons are removed

    # Shift+Tab goes back through the dialog too.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["inDialog"]

    # The vote after an answer: Shift+Tab from the message box reaches "No", then "Yes"; Enter votes.
    widget.input.focus()
    page.keyboard.type("What's the phone number for Archway Medical Centre?")
    page.keyboard.press("Enter")
    widget.wait_for_reply(2)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(widget.feedback.get_by_role("button", name="Yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.log).to_contain_text("You answered: Yes.")
    expect(widget.input).to_be_focused()
    widget.wait_for_reply(3)
    assert sent[-1] == "/feedback_helpful"

    # Esc closes the panel and puts focus back on the launcher.
    page.keyboard.press("Escape")
    expect(widget.dialog).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")

    # And Enter opens it again with the conversation still there.
    page.keyboard.press("Enter")
    expect(widget.dialog).to_be_visible()
    expect(widget.user_messages).to_have_count(3)
