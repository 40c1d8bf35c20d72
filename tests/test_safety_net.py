"""The keyword safety net that sends emergencies and self-harm to 999 whatever the classifier thought."""

import pytest

from classifiers.safety_net import load_patterns, safety_intent

PATTERNS = load_patterns()


@pytest.mark.parametrize(
    "text",
    [
        "my dad has chest pain",
        "I think I'm having a heart attack",
        "she's not breathing",
        "my husband can't breathe",
        "his face is drooping and his speech is slurred",
        "my son took an overdose",
        "the bleeding won't stop",
        "grandma collapsed",
        "baby is floppy",
        "he's choking",
        "anaphylactic shock from peanuts",
        "the fit won't stop",
    ],
)
def test_emergency_phrasing_is_caught(text):
    assert safety_intent(text, PATTERNS) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "thinking about suicide",
        "I want to end it all",
        "i keep cutting myself",
        "i took an overdose because i want to die",
        "everyone would be better off without me",
        "i dont want to be alive",
        "i can't go on like this anymore",
    ],
)
def test_self_harm_is_caught_before_emergency(text):
    assert safety_intent(text, PATTERNS) == "self_harm"


@pytest.mark.parametrize(
    "text",
    [
        "what's the phone number for Archway Medical Centre?",
        "how much does the CCG spend",
        "where is the nearest A&E",
        "who runs the breathing clinic at the Whittington",
        "i can't go on the nhs website",
    ],
)
def test_ordinary_questions_are_left_to_the_classifier(text):
    assert safety_intent(text, PATTERNS) is None
