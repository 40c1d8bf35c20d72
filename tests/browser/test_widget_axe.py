"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violations on the demo page.

Checked with the widget closed, open, after a conversation (with a feedback vote) and in its error state.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import record_sent

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def assert_no_axe_violations(page):
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:200] for n in v["nodes"])
        for v in violations
    )
    assert violations == [], f"axe found {len(violations)} violation(s):\n{details}"
    # Guard against a silent no-op run: axe must actually have checked rules on this page.
    assert results.response["testEngine"]["name"] == "axe-core"


def test_axe_demo_page_with_widget_closed(widget, page):
    assert_no_axe_violations(page)


def test_axe_widget_open(widget, page):
    widget.open()
    assert_no_axe_violations(page)


def test_axe_after_a_conversation(widget, page):
    record_sent(page)
    widget.open()
    widget.ask("What's the phone number for Archway Medical Centre?")
    expect(widget.feedback.get_by_role("button", name="Yes")).to_be_visible()
    assert_no_axe_violations(page)  # the vote goes when the resident carries on, so check it now
    widget.ask("my dad has chest pain")
    widget.ask("What can you do?")
    expect(widget.quick_replies.first).to_be_visible()
    widget.input.fill("x" * 450)  # shows the character counter too
    assert_no_axe_violations(page)


@pytest.mark.network_errors_expected
def test_axe_error_state(widget, page):
    widget.send_during_outage("hello")
    assert_no_axe_violations(page)
