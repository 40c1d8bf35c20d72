"""The keyword safety net that sends emergencies and self-harm to 999 whatever the classifier thought."""

import pytest

from classifiers.safety_net import is_not_now, load_patterns, safety_intent

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
        "my son banged his head and has been vomiting",
        "she is really drowsy since she hit her head",
        "after a head injury he keeps being sick",
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
        "i just cant see any way out",
        "can't see a way forward any more.",
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
        "I bumped my head on the cupboard, which practice is open on saturday",
    ],
)
def test_ordinary_questions_are_left_to_the_classifier(text):
    assert safety_intent(text, PATTERNS) is None


# Issue 12: a condition in the past, as a service, or in another sense is not an emergency happening now.
@pytest.mark.parametrize(
    "text",
    [
        "my dad had a heart attack last year, how do i register him with a gp?",
        "the stroke clinic's number please",
        "did the ccg collapse when it merged?",
        "i used to self harm, where is my nearest practice",
        "she choked on a grape years ago",
    ],
)
def test_a_condition_in_the_past_or_as_a_service_is_not_about_now(text):
    assert is_not_now(text, PATTERNS)


@pytest.mark.parametrize(
    "text",
    [
        "he had a stroke last year and now he's collapsed",
        "my mum had a heart attack years ago and i think she's having another one",
        "i had chest pain last week and it's back again",
    ],
)
def test_something_happening_now_still_counts_whatever_else_is_said(text):
    assert not is_not_now(text, PATTERNS)


def test_a_past_condition_without_a_question_is_not_spared():
    assert not is_not_now("my dad had a stroke, his face is drooping", PATTERNS, asks_something=False)


@pytest.mark.parametrize(
    "text",
    [
        "I felt a bit choked up reading this",
        "i want to die my hair purple",
        "i can't see a way through the forms to register",
        "can't see a way out of the car park at the whittington",
    ],
)
def test_other_senses_of_safety_words_are_not_caught(text):
    assert safety_intent(text, PATTERNS) is None


@pytest.mark.parametrize(
    "text", ["i have the rope ready", "i've swallowed the whole packet", "my friend got stabbed", "i want to die"]
)
def test_crisis_wordings_without_the_old_keywords_are_caught(text):
    assert safety_intent(text, PATTERNS) is not None


def checked(text: str, ranking: list[tuple[str, float]]) -> dict:
    from rasa.shared.nlu.training_data.message import Message

    from classifiers.safety_net import SafetyNet

    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    SafetyNet(PATTERNS).process([message])
    return {"intent": message.get("intent")["name"], "safety_line": message.get("safety_line")}


def test_a_past_emergency_beside_a_question_gets_the_answer_and_a_safety_line():
    got = checked(
        "i had a stroke two years ago, whats the number for archway", [("emergency", 0.6), ("ask_practice_phone", 0.35)]
    )
    assert got == {"intent": "ask_practice_phone", "safety_line": "utter_safety_line_emergency"}


def test_an_emergency_now_takes_over_whatever_the_classifier_said():
    got = checked("my dad is having a stroke, whats the number for archway", [("ask_practice_phone", 0.9)])
    assert got["intent"] == "emergency"


def test_an_unsure_classifier_guess_of_self_harm_without_a_safety_phrase_is_not_a_takeover():
    got = checked("i want to go camping", [("self_harm", 0.45), ("out_of_scope", 0.4)])
    assert got == {"intent": "out_of_scope", "safety_line": None}
