"""The widget on a phone with 200 % text: full-screen panel, one-row header, folded notes, replies shown from the top.

Run against the real bot at 360x740 and 320x640 with the browser's text size doubled; saves "after"
screenshots into test-output/journeys/.
"""

import re

import pytest
from playwright.sync_api import expect
from test_widget_axe import assert_no_axe_violations

from tests.browser.conftest import PHONE_200, ROOT, SMALL_PHONE_200

# The privacy note's opening, up to its promise of 30 days.
PRIVACY_OPENING = re.compile(r"^The organisation that runs this service stores what you type.*30 days")

JOURNEYS = ROOT / "test-output" / "journeys"
PHONES = [pytest.param(PHONE_200, id="360x740-200pc"), pytest.param(SMALL_PHONE_200, id="320x640-200pc")]

# The first line box of a reply's text, and whether all of it is visible: inside the transcript's
# scrolled view and inside the viewport.
FIRST_LINE_VISIBLE = """reply => {
  const text = reply.querySelector('.ccgw-msg__text');
  const range = document.createRange();
  range.selectNodeContents(text);
  const line = range.getClientRects()[0];
  const log = reply.closest('.ccgw-log').getBoundingClientRect();
  return line.top >= Math.max(log.top, 0) - 0.5 && line.bottom <= Math.min(log.bottom, innerHeight) + 0.5;
}"""


def screenshot_name(page, what):
    size = page.viewport_size
    return JOURNEYS / f"after-{size['width']}x{size['height']}-200pc-{what}.png"


def assert_reply_on_screen(reply, phone=None):
    assert reply.evaluate(FIRST_LINE_VISIBLE), "the reply's first line is not on screen"
    if phone:
        expect(reply.get_by_role("link", name=phone).first).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("page", PHONES, indirect=True)
def test_each_reply_shows_its_first_line_and_phone_number_on_a_phone_at_200_percent(widget, page):
    JOURNEYS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=screenshot_name(page, "closed"))
    widget.open()
    page.screenshot(path=screenshot_name(page, "open"))
    viewport = page.viewport_size
    box = widget.dialog.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, viewport["width"], viewport["height"])

    reply = widget.ask("What is the phone number for Archway Medical Centre?")
    assert_reply_on_screen(reply, "020 7272 0111")
    page.screenshot(path=screenshot_name(page, "reply"))
    assert_reply_on_screen(widget.ask("and their address?"))
    assert_reply_on_screen(widget.ask("practices in N7"))
    reply = widget.ask("What is the phone number for Junction Medical Practice?")
    assert_reply_on_screen(reply, re.compile(r"^020"))
    expect(widget.input).to_be_in_viewport()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("page", PHONES, indirect=True)
def test_header_is_one_compact_row_of_named_icon_buttons(widget, page):
    widget.open()
    header = widget.dialog.locator(".ccgw-header").bounding_box()
    assert header["height"] <= 60, header  # it was 168 px with the buttons stacked under the title
    for name in ("Start again", "Close the assistant"):
        button = widget.dialog.get_by_role("button", name=name)
        expect(button).to_be_in_viewport()
        b = button.bounding_box()
        assert b["width"] >= 44 and b["height"] >= 44 and b["y"] + b["height"] <= header["y"] + header["height"]


@pytest.mark.parametrize("page", PHONES, indirect=True)
def test_safety_note_folds_to_one_line_with_999_and_privacy_note_stays_reachable(widget, page):
    widget.open()
    safety = widget.dialog.locator("#ccgw-safety")
    expect(safety.locator(".ccgw-safety__full")).to_be_visible()
    assert safety.inner_text() == widget.SAFETY_TEXT
    privacy = widget.dialog.get_by_text(PRIVACY_OPENING)
    expect(privacy).to_be_visible()  # shown in full, once

    widget.ask("hello")
    expect(safety.locator(".ccgw-safety__short")).to_be_visible()
    assert safety.inner_text() == "Emergency? Call 999"
    line_height = safety.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert safety.bounding_box()["height"] <= line_height + 8  # one line and its padding
    expect(safety.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    expect(safety.get_by_role("link", name="999")).to_be_in_viewport()
    # The dialog's description is what is on screen.
    expect(widget.dialog).to_have_accessible_description("Emergency? Call 999")

    expect(privacy).to_be_hidden()
    summary = widget.dialog.get_by_text("Privacy", exact=True)
    summary.click()
    expect(privacy).to_be_visible()
    page.reload()  # folded for the rest of the tab's session: after a reload, and after starting again
    expect(widget.dialog).to_be_visible()
    expect(privacy).to_be_hidden()
    widget.dialog.get_by_role("button", name="Start again").click()
    widget.dialog.get_by_role("button", name="Yes, clear it").click()
    expect(widget.user_messages).to_have_count(0)
    page.reload()
    expect(widget.dialog).to_be_visible()
    expect(privacy).to_be_hidden()
    expect(summary).to_be_visible()


@pytest.mark.parametrize("page", PHONES, indirect=True)
def test_launcher_is_a_small_labelled_icon_that_leaves_the_999_link_clear(widget, page):
    box = widget.launcher.bounding_box()
    assert box["width"] * box["height"] <= 80 * 80, box  # it was 328 x 103 px
    expect(widget.launcher).to_have_text("Ask the assistant")  # "Ask" shows; the rest is for screen readers
    assert widget.launcher.locator(".ccgw-launcher__more").bounding_box()["width"] <= 1  # visually hidden
    # Tab to the page's 999 link: it and its focus outline are clear of the launcher.
    link = page.locator("main").get_by_role("link", name="999")
    for _ in range(20):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    expect(link).to_be_focused()
    focus = link.bounding_box()
    outline = 4  # NHS focus style: a 4 px underline and yellow background box
    launcher = widget.launcher.bounding_box()
    overlaps = not (
        focus["x"] + focus["width"] + outline <= launcher["x"]
        or launcher["x"] + launcher["width"] <= focus["x"] - outline
        or focus["y"] + focus["height"] + outline <= launcher["y"]
        or launcher["y"] + launcher["height"] <= focus["y"] - outline
    )
    assert not overlaps, (focus, launcher)
    # And the page's last lines can scroll clear of the launcher.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer_text = page.get_by_text("A demonstration page. NHS Islington Clinical").bounding_box()
    assert footer_text["y"] + footer_text["height"] <= widget.launcher.bounding_box()["y"]


@pytest.mark.parametrize(
    "page",
    [{"viewport": {"width": 320, "height": 640}}, {"viewport": {"width": 360, "height": 740}}],
    ids=["320x640", "360x740"],
    indirect=True,
)
def test_the_conversation_gets_most_of_the_height_once_it_has_begun(widget, page):
    """At 320x640 the transcript once showed about five lines between the header, the notes and the input."""
    widget.open()
    widget.ask("What is the phone number for Archway Medical Centre?")
    log, height = widget.log.bounding_box(), page.viewport_size["height"]
    assert log["height"] >= 0.5 * height, f"the conversation has {log['height']:.0f} of {height} px"
