"""The safety phrases: the floor under the risk assessor, and the signs that a message is not about now."""

import pytest

from nlu.safety_net import is_not_now, load_patterns, safety_intent

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
        # Red flags told rather than named (the ambulance services' lists of when to call 999).
        "cut my arm on the fence and the blood is spurting out",
        "her tongue is swelling and she sounds hoarse",
        "the baby has spots and the rash doesn't fade when I press on it",
        "rolled a glass over his rash and you can still see it",
        "my grandson got into my heart tablets, not sure how many",
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
        "it's pouring down, is the walk-in centre still open",
        "my throat is sore and swollen, which pharmacy does Pharmacy First",
        "my son takes his tablets with his breakfast",
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
        # A season or a childhood as the time of it, or an ending told as over (twelfth session).
        "my dad collapsed at the bus stop in the summer, how do i thank the paramedics",
        "when i was little my mum took an overdose, lately i feel low myself, can i see someone",
        "my brother self harmed as a teenager, does the gp still have his notes",
        "my toddler swallowed a button and it passed fine, who can check why she is off her food",
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
        "he was fine in the summer but right now he's collapsed and not breathing",
        "when i was young i had fits, now i'm fitting again",
        # A plan or an intention to harm is now, whatever time it names (a season, "used to").
        "i'm going to end it in the spring once the kids are settled",
        "i used to self harm and i'm going to do it again tonight",
        "he said in the summer he'll kill me if i leave",
    ],
)
def test_something_happening_now_still_counts_whatever_else_is_said(text):
    assert not is_not_now(text, PATTERNS)


@pytest.mark.parametrize(
    "text",
    [
        "my husband has put loads of his fentanyl patches on at once, he is very drowsy",
        "i took all my tablets at once",
        "i take my insulin once a day and just injected the whole pen",
    ],
)
def test_at_once_is_not_the_past(text):
    assert not is_not_now(text, PATTERNS)


@pytest.mark.parametrize(
    "text",
    [
        # Words the past list had taken for the past, which are about now (fourteenth session's own review).
        "i've been standing on the bridge for an hour and feel peaceful for once",
        "i'm going to end it all once and for all",
        "once the baby is asleep i'll take everything in the drawer",
        "this is the last time anyone will hear from me, i want to die",
        "i'm getting used to the idea of killing myself",
        "i know i'm at risk of hurting myself tonight",
        "nothing will prevent me from ending it",
        "my ex is back in the house and says he'll stab me",
        "i won't be around in the summer, i want to die",
    ],
)
def test_idioms_that_look_like_the_past_are_still_now(text):
    assert not is_not_now(text, PATTERNS)


@pytest.mark.parametrize(
    "text",
    [
        "last time i self harmed the gp referred me, can i self refer now",
        "back in 2019 i had a heart attack, do i need a yearly check",
        "what are the rates of suicide in islington",
        "how do i prevent a stroke",
    ],
)
def test_the_past_and_statistics_still_are_not_now(text):
    assert is_not_now(text, PATTERNS)


def test_once_in_the_past_still_is():
    assert is_not_now("i once had an overdose, which practice takes new patients", PATTERNS)


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


@pytest.mark.parametrize(
    "text",
    [
        "i've given my dog to my neighbour and sorted out everything",
        "won't be around after the weekend so can someone find my cat a new home",
        "i've been saving up my tablets and there's nearly enough",
        "i left a note for my sister in the kitchen",
        "this is my final message",
        "im stood on the bridge over the canal",
        "I'm at the top of the car park roof",
        "sitting on the edge of the platform at highbury",
    ],
)
def test_signs_of_preparing_or_goodbye_are_found(text):
    assert PATTERNS["preparing"].search(text)


@pytest.mark.parametrize(
    "text",
    [
        "can i get a repeat prescription for my tablets",
        "the dog needs a vet, is there one near archway",
        "what time does the surgery close tonight",
        "i have to say goodbye now, thanks for the help",
        "how do you say goodbye in turkish",
        "which bus goes over the bridge to the surgery",
        "the roof of the health centre is leaking",
        "i'm at the platform at highbury, which way to the surgery",
    ],
)
def test_ordinary_requests_are_no_sign_of_preparing(text):
    assert not PATTERNS["preparing"].search(text)
