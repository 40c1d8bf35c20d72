"""What a screen reader hears: the live-region changes, in order, recorded by a MutationObserver (conftest).

Only the assistant's words are announced, each once; emergencies interrupt; no typing notice; no
duplicate "111" links; long lists cost few tab stops; a cut at 500 characters is said out loud.
"""

from playwright.sync_api import expect

from facts import load_facts, replies
from tests.browser.conftest import ROOT

# The answer as the facts word it today, hedged once the record is past its age limit (issue 22).
PHONE_ANSWER = replies.practice_reply(load_facts().find_practices("Archway Medical Centre")[0], "phone")
TRANSCRIPT = ROOT / "test-output" / "journeys" / "live-region-transcript.txt"


def test_only_the_assistants_words_are_announced_once_and_emergencies_assertively(widget, page):
    widget.open()
    widget.ask("What is the phone number for Archway Medical Centre?")
    # Not "You said: ...", not "typing": the answer, then the vote that follows every answer.
    assert widget.heard() == [("polite", PHONE_ANSWER), ("polite", "Was this helpful?")]

    widget.ask("my dad has chest pain")
    emergency = [text for politeness, text in widget.heard() if politeness == "assertive"]
    assert len(emergency) == 1 and emergency[0].startswith("Emergency: Call 999 now."), widget.heard()
    assert sum("Call 999 now" in text for _, text in widget.heard()) == 1  # not also in the polite queue

    widget.ask("I'm having suicidal thoughts")
    crisis = [text for politeness, text in widget.heard() if politeness == "assertive"][1:]
    assert len(crisis) == 1 and "Samaritans" in crisis[0], widget.heard()

    assert len(widget.heard()) == 4

    # Reloading redraws the transcript without reading it all out again.
    page.reload()
    expect(widget.bot_messages).to_have_count(3)
    page.wait_for_timeout(500)
    assert widget.heard() == [], "a reload re-announced the transcript"


def test_a_slow_reply_announces_no_typing_notice(widget, page):
    widget.open()
    held = []
    page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    widget.input.fill("hello")
    widget.input.press("Enter")
    expect(widget.typing).to_have_text("The assistant is typing")  # seen after a moment
    expect(widget.typing).to_have_attribute("aria-hidden", "true")  # never heard
    held[0].continue_()
    widget.wait_for_reply(0)
    assert all("typing" not in text for _, text in widget.heard()), widget.heard()


def test_neighbouring_links_to_the_same_number_are_merged(widget, page):
    text = (
        "A pharmacist can advise on medicines, NHS 111 (call 111 or visit https://111.nhs.uk) can help "
        "with symptoms. Call 111 again later if it gets worse."
    )
    page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(json=[{"recipient_id": "x", "text": text}]))
    widget.open()
    reply = widget.ask("can i give calpol")
    # "NHS 111 (call 111" is one link, not two that both read "111"; a later, separate 111 is its own link.
    expect(reply.get_by_role("link", name="111", exact=True)).to_have_count(2)
    expect(reply).to_contain_text("NHS 111 (call 111 or visit")


def test_a_long_list_shows_three_items_and_a_show_all_button(widget, page):
    widget.open()
    reply = widget.ask("practices in N7")
    items = reply.get_by_role("listitem")
    expect(items).to_have_count(3)  # hidden items are not in the accessibility tree
    # 4 tab stops, not 8: three phone numbers and the NHS search the list ends with.
    expect(reply.get_by_role("link")).to_have_count(4)
    show_all = reply.get_by_role("button", name="Show all 7")
    show_all.focus()
    page.keyboard.press("Enter")
    expect(items).to_have_count(7)
    expect(items.nth(3)).to_be_focused()  # carries on where the list was cut
    expect(items.nth(3)).to_contain_text("The Goodinge Group Practice")
    expect(show_all).to_have_count(0)


def test_a_paste_cut_at_500_characters_is_said_out_loud(widget, page):
    widget.open()
    widget.input.focus()
    page.keyboard.insert_text("a" * 512)  # what a paste does: one insertion, cut by maxlength
    expect(widget.input).to_have_value("a" * 500)
    count = widget.dialog.locator(".ccgw-count")
    expect(count).to_contain_text("Your message was cut to 500 characters.")
    page.wait_for_timeout(1200)  # the count's own announcement is debounced by 1 s
    heard = [text for _, text in widget.heard()]
    assert heard.count("Your message was cut to 500 characters.") == 1, heard
    # Typing within the limit says nothing about a cut.
    widget.input.fill("a" * 450)
    page.keyboard.type("b")
    expect(count).to_have_text("You have 49 characters remaining")


def test_live_region_transcript_of_a_conversation(widget, page):
    """The transcript of one conversation, saved for the record, and checked line by line."""
    widget.open()
    widget.ask("hello")
    widget.ask("What is the phone number for Archway Medical Centre?")
    widget.ask("my dad has chest pain")
    heard = widget.heard()
    TRANSCRIPT.parent.mkdir(parents=True, exist_ok=True)
    TRANSCRIPT.write_text("".join(f"[{politeness}] {text!r}\n" for politeness, text in heard))
    assert [politeness for politeness, _ in heard] == ["polite"] * (len(heard) - 1) + ["assertive"], heard
    assert ("polite", PHONE_ANSWER) in heard
    assert heard[-1][1].startswith("Emergency: Call 999 now.")
    assert not any(text.startswith(("You", "The assistant is typing")) for _, text in heard), heard
