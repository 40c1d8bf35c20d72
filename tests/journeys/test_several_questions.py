"""Several questions in one message (issue 21): each gets its answer, in one turn, with one vote at the end."""

import uuid

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerTopic, ActionFindPractice
from facts import load_facts
from measure.quality.expected import fragment


def opening_of(topic_key: str) -> str:
    return fragment(load_facts().topic(topic_key).answer)


def run(action, text: str, intent: str, questions: list[dict], entities=(), safety_line=None) -> list[dict]:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [
            {"entity": kind, "value": value, "start": text.index(value), "end": text.index(value) + len(value)}
            for kind, value in entities
        ],
        "questions": questions,
        "safety_line": safety_line,
    }
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, Tracker("resident", {}, message, [], False, None, {}, "action_listen"), {})
    return dispatcher.messages


def question(text: str, clause: str, intent: str) -> dict:
    start = text.index(clause)
    return {"intent": intent, "confidence": 0.9, "start": start, "end": start + len(clause)}


def test_two_topics_in_one_message_get_both_answers_and_one_vote_last():
    text = "How many people live in Islington and how many practices did the CCG have?"
    questions = [
        question(text, "How many people live in Islington", "ask_population"),
        question(text, "how many practices did the CCG have?", "ask_member_practices"),
    ]
    messages = run(ActionAnswerTopic(), text, "ask_member_practices", questions)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert opening_of("ask_member_practices") in said and opening_of("ask_population") in said
    assert [m.get("response") for m in messages].count("utter_ask_feedback") == 1
    assert messages[-1]["response"] == "utter_ask_feedback"


def test_a_practice_and_a_topic_in_one_message_get_both_and_the_safety_line_stays_before_the_vote():
    text = "whats the number for the Miller Practice, and how do I get a repeat prescription?"
    questions = [
        question(text, "whats the number for the Miller Practice", "ask_practice_phone"),
        question(text, "how do I get a repeat prescription?", "ask_repeat_prescription"),
    ]
    messages = run(
        ActionFindPractice(),
        text,
        "ask_practice_phone",
        questions,
        entities=[("practice", "Miller Practice")],
        safety_line="utter_safety_line_crisis",
    )
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "020 7354 1972" in said and opening_of("ask_repeat_prescription") in said
    assert [m.get("response") for m in messages][-2:] == ["utter_safety_line_crisis", "utter_ask_feedback"]


def test_two_practices_in_one_message_get_each_its_own_detail():
    text = "phone number for the Miller Practice? and what is the address of Archway Medical Centre"
    questions = [
        question(text, "phone number for the Miller Practice?", "ask_practice_phone"),
        question(text, "what is the address of Archway Medical Centre", "ask_practice_address"),
    ]
    entities = [("practice", "Miller Practice"), ("practice", "Archway Medical Centre")]
    messages = run(ActionFindPractice(), text, "ask_practice_phone", questions, entities)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "020 7354 1972" in said and "N19 3NU" in said


def test_practices_listed_together_each_get_the_detail_asked_for():
    text = "phone for city road medical centre and ritchie street group practice"
    entities = [("practice", "city road medical centre"), ("practice", "ritchie street group practice")]
    messages = run(ActionFindPractice(), text, "ask_practice_phone", [], entities)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "020 7336 8170" in said and "020 7837 1663" in said
    assert messages[-1]["response"] == "utter_ask_feedback"


def test_a_practice_named_as_context_in_another_sentence_is_not_answered_too():
    text = "We live near Archway Medical Centre. What's the number for the Miller Practice?"
    entities = [("practice", "Archway Medical Centre"), ("practice", "Miller Practice")]
    messages = run(ActionFindPractice(), text, "ask_practice_phone", [], entities)
    assert len([m for m in messages if "phone 020" in (m.get("text") or "")]) == 1


def test_the_same_question_twice_is_answered_once():
    text = "what is a CCG? what's a clinical commissioning group?"
    questions = [
        question(text, "what is a CCG?", "ask_what_is_ccg"),
        question(text, "what's a clinical commissioning group?", "ask_what_is_ccg"),
    ]
    messages = run(ActionAnswerTopic(), text, "ask_what_is_ccg", questions)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert said.count(opening_of("ask_what_is_ccg")) == 1


def test_a_street_asked_about_beside_a_practice_gets_its_list_too():
    text = "which surgery is at hornsey rise and what's the rise group practice phone"
    questions = [
        question(text, "which surgery is at hornsey rise", "ask_practices_in_area"),
        question(text, "what's the rise group practice phone", "ask_practice_phone"),
    ]
    entities = [("street", "hornsey rise"), ("practice", "rise group practice")]
    messages = run(ActionFindPractice(), text, "ask_practices_in_area", questions, entities)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "020 7530 2484" in said and "The Beaumont Practice" in said


def test_a_district_with_one_practice_and_another_district_asked_after_get_both_lists():
    text = "GPs in N16? and what about EC1V"
    messages = run(ActionFindPractice(), text, "ask_practices_in_area", [], [("postcode", "N16"), ("postcode", "EC1V")])
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "Open GP practices in N16" in said and "Open GP practices in EC1V" in said
    assert messages[-1]["response"] == "utter_ask_feedback"


def test_two_streets_in_one_question_get_each_its_list():
    text = "the surgerys at pine street and ritchie street, names please"
    entities = [("street", "pine street"), ("street", "ritchie street")]
    messages = run(ActionFindPractice(), text, "ask_practices_in_area", [], entities)
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "Clerkenwell Medical Practice" in said and "Ritchie Street Group Practice" in said


def test_another_detail_of_the_practice_just_answered_is_given_too():
    text = "is the goodinge still open? whats their postcode"
    questions = [
        question(text, "is the goodinge still open?", "ask_practice_status"),
        question(text, "whats their postcode", "ask_practice_address"),
    ]
    messages = run(ActionFindPractice(), text, "ask_practice_status", questions, [("practice", "goodinge")])
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "still running as a GP practice" in said and "N7 9EW" in said


def test_a_condition_pharmacy_first_treats_named_beside_a_practice_question_gets_pharmacy_first():
    text = "whats the number for archway medical centre, my son has had earache since yesterday"
    messages = run(ActionFindPractice(), text, "ask_practice_phone", [], [("practice", "archway medical centre")])
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "020 7272 0111" in said and opening_of("ask_pharmacy_first") in said
    assert messages[-1]["response"] == "utter_ask_feedback"


# Through the trained model and both servers, as a resident's browser sends them.


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.parametrize(
    ("message", "topics"),
    [
        (
            "How many people live in Islington and how many practices did the CCG have?",
            ["ask_population", "ask_member_practices"],
        ),
        ("when was the ccg set up? and what happened to it in the end?", ["ask_established", "ask_ccg_now"]),
        ("Who ran the CCG. Also where can I get a flu jab?", ["ask_governing_body", "ask_vaccination"]),
        # Joined with no question word after "and also" or a comma (nlu/clauses.py joined_parts).
        (
            "I need a sick note for my boss and also want to see my GP record on the NHS app",
            ["ask_fit_note", "ask_records"],
        ),
        (
            "how do I get a flu jab, sort out a sick note for work, and order my repeat meds online",
            ["ask_vaccination", "ask_fit_note", "ask_repeat_prescription"],
        ),
    ],
)
def test_two_different_questions_over_rest_get_an_answer_each(bot_servers, message, topics):
    replies = bot_servers.say(f"test-{uuid.uuid4().hex[:12]}", message)
    for topic in topics:
        assert opening_of(topic) in texts(replies)
    votes = [r for r in replies if "feedback" in (r.get("custom") or {})]
    assert len(votes) == 1 and replies[-1] is votes[0]


def test_a_question_after_a_comma_and_the_context_before_it_are_both_answered(bot_servers):
    replies = bot_servers.say(
        f"test-{uuid.uuid4().hex[:12]}",
        "I left my tablets at home and I'm staying with my sister in N19, which GPs are near her?",
    )
    assert opening_of("ask_medicine_run_out") in texts(replies) and "Archway Medical Centre" in texts(replies)


def test_context_before_a_clear_question_does_not_hide_it(bot_servers):
    replies = bot_servers.say(
        f"test-{uuid.uuid4().hex[:12]}", "My back is killing me. Postcode for the Miller Practice?"
    )
    assert "N5 2ET" in texts(replies)


def test_a_practice_asked_about_beside_a_topic_gets_the_detail_asked_for():
    """ "She's registered at the Miller Practice. Can you give me their address?": the topic's action answers, and the
    practice's address follows, asked in the sentence after the name."""
    text = "She's registered at the Miller Practice. Can you give me their address? And how do I get her a fit note?"
    messages = run(ActionAnswerTopic(), text, "ask_fit_note", [], entities=[("practice", "Miller Practice")])
    said = "\n".join(m.get("text") or "" for m in messages)
    assert opening_of("ask_fit_note") in said and "N5 2ET" in said


def test_a_practice_named_only_as_context_of_a_topic_is_not_answered_too():
    text = "we're with the Miller Practice, how do I get a fit note?"
    messages = run(ActionAnswerTopic(), text, "ask_fit_note", [], entities=[("practice", "Miller Practice")])
    said = "\n".join(m.get("text") or "" for m in messages)
    assert opening_of("ask_fit_note") in said and "N5 2ET" not in said and "020 7354 1972" not in said


BUDGET_BOARD_CONSTITUTION = ["ask_budget", "ask_governing_body", "ask_constitution"]


@pytest.mark.parametrize(
    "text, topics",
    [
        # Lists of two-word asks (7 Dec): only the first was answered while a part needed three words.
        ("ccg budget, governing body and constitution please", BUDGET_BOARD_CONSTITUTION),
        ("online booking and test results - how?", ["ask_book_online", "ask_test_results"]),
    ],
)
def test_a_list_of_short_asks_gets_each_answered(bot_servers, text, topics):
    said = "\n".join(r.get("text") or "" for r in bot_servers.say(f"several-{uuid.uuid4().hex[:12]}", text))
    for topic in topics:
        assert opening_of(topic) in said, f"{topic} missing from {said!r}"
