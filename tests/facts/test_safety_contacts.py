"""Every number a safety reply gives is a fact with its source and "as at" date, and every such fact is given."""

import re

import pytest

from facts.fixed_replies import responses
from facts.safety import safety_contacts

SAFETY_REPLIES = (
    "utter_emergency",
    "utter_self_harm",
    "utter_danger_from_others",
    "utter_safety_line_emergency",
    "utter_safety_line_self_harm",
    "utter_safety_line_danger",
    "utter_safety_line_urgent",
    "utter_language_card",
    "utter_language_card_english",
)
NUMBER = re.compile(r"(?<!\d)(?:0\d{3} \d{3,4} \d{3,4}|\d{3} \d{3}|\d{5}|999|111|55)(?!\d)")


def reply_texts() -> list[str]:
    return [variation.get("text", "") for name in SAFETY_REPLIES for variation in responses()[name]]


def test_every_number_in_a_safety_reply_is_a_checked_fact():
    known = {c.number for c in safety_contacts()}
    given = {number for text in reply_texts() for number in NUMBER.findall(text)}
    assert given and given <= known, given - known


@pytest.mark.parametrize("contact", safety_contacts(), ids=lambda c: c.key)
def test_every_safety_fact_is_given_somewhere_and_cites_its_source(contact):
    assert any(contact.number in NUMBER.findall(text) for text in reply_texts())
    assert "http" in contact.source and contact.as_at


def test_danger_from_others_names_the_police_the_silent_solution_and_the_helplines():
    text = responses()["utter_danger_from_others"][0]["text"]
    assert text.startswith("Call 999 now") and "ask for the police" in text
    assert "press 55" in text and "0808 2000 247" in text and "0808 800 5000" in text
