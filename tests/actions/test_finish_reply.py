"""How every action's reply ends (actions/answer.py finish_reply): the answer, the other questions' answers, the
safety line the risk assessor asked for, then the "Was this helpful?" vote, last, when anything was answered."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerTopic,
    ActionClinicalAdvice,
    ActionDidYouMean,
    ActionFindPractice,
    ActionOutOfScope,
    ActionPartner,
    ActionReadPracticeReply,
)


def tracker(intent: str, entities=(), slots=None, text="…") -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("resident", slots or {}, message, [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, {})
    return dispatcher.messages, events


def test_a_question_that_mentions_a_past_emergency_gets_its_answer_then_one_safety_line():
    context = tracker("ask_practice_phone", [("practice", "archway medical centre")])
    context.latest_message["safety_line"] = "utter_safety_line_emergency"
    messages, _ = run(ActionFindPractice(), context)
    assert "020 7272 0111" in messages[0]["text"]
    # The line follows the answer; the "Was this helpful?" vote stays last, as the widget expects.
    assert [m.get("response") for m in messages[1:]] == ["utter_safety_line_emergency", "utter_ask_feedback"]


def test_an_ordinary_question_gets_no_safety_line():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_budget"))
    assert "£" in messages[0]["text"]
    assert [m.get("response") for m in messages[1:]] == ["utter_ask_feedback"]


FEEDBACK = {"response": "utter_ask_feedback"}


@pytest.mark.parametrize(
    "action, tracker_",
    [
        (ActionAnswerTopic(), tracker("ask_budget")),
        (ActionFindPractice(), tracker("ask_practice_phone", [("practice", "archway medical centre")])),
        (ActionFindPractice(), tracker("ask_practices_in_area", [("postcode", "N19")])),
        (ActionPartner(), tracker("ask_partner", [("partner", "Healthwatch")])),
    ],
)
def test_a_factual_answer_ends_by_asking_was_this_helpful(action, tracker_):
    messages, _ = run(action, tracker_)
    assert "Source:" in messages[0]["text"] or "N19" in messages[0]["text"]
    assert messages[-1].items() >= FEEDBACK.items() and len(messages) == 2


@pytest.mark.parametrize(
    "action, tracker_",
    [
        (ActionFindPractice(), tracker("ask_practice_phone")),  # asks which practice
        (ActionFindPractice(), tracker("ask_practice_phone", [("practice", "Zebra Crossing Clinic")])),
        (ActionFindPractice(), tracker("ask_practice_phone", [("practice", "road")])),  # choose one of two
        (ActionFindPractice(), tracker("ask_practices_in_area")),  # asks for a postcode
    ],
)
def test_no_vote_is_asked_for_when_no_answer_was_given(action, tracker_):
    messages, _ = run(action, tracker_)
    assert all(m.get("response") != "utter_ask_feedback" for m in messages)


@pytest.mark.parametrize(
    "action, text",
    [
        (ActionClinicalAdvice(), "I think I've got a urine infection, burning when I wee"),
        (ActionClinicalAdvice(), "really bad earache since yesterday, what can I take"),
        (ActionOutOfScope(), "sore throat for 4 days now"),
    ],
)
def test_a_condition_pharmacy_first_treats_gets_pharmacy_first_after_the_refusal(action, text):
    message = {"text": text, "intent": {"name": "clinical_advice", "confidence": 0.9}, "entities": []}
    messages, _ = run(action, Tracker("resident", {}, message, [], False, None, {}, "action_listen"))
    assert messages[0]["response"] in ("utter_clinical_advice", "utter_out_of_scope")
    assert "Pharmacy First" in messages[1]["text"] and "Source:" in messages[1]["text"]
    assert messages[-1].items() >= FEEDBACK.items()


def test_a_refusal_that_names_no_condition_adds_no_topic():
    message = {"text": "what dose of ibuprofen can I take", "intent": {"name": "clinical_advice"}, "entities": []}
    messages, _ = run(ActionClinicalAdvice(), Tracker("resident", {}, message, [], False, None, {}, "action_listen"))
    assert [m.get("response") for m in messages] == ["utter_clinical_advice"]


EVERY_ACTION = [
    (ActionAnswerTopic(), tracker("ask_budget")),
    (ActionFindPractice(), tracker("ask_practice_phone", [("practice", "archway medical centre")])),
    (ActionFindPractice(), tracker("ask_practice_phone")),  # asks which practice
    (ActionPartner(), tracker("ask_partner", [("partner", "Healthwatch")])),
    (ActionOutOfScope(), tracker("out_of_scope")),
    (ActionClinicalAdvice(), tracker("clinical_advice")),
    (ActionDidYouMean(), tracker("nlu_fallback", text="what about the thing")),
    (ActionReadPracticeReply(), tracker("out_of_scope", text="archwey", slots={"practice_detail": "phone"})),
]


@pytest.mark.parametrize("action, tracker_", EVERY_ACTION)
def test_every_action_ends_with_the_safety_line_asked_for_then_the_vote_if_it_answered(action, tracker_):
    tracker_.latest_message["safety_line"] = "utter_safety_line_self_harm"
    messages, _ = run(action, tracker_)
    said = [m.get("response") for m in messages]
    assert said.count("utter_safety_line_self_harm") == 1 and said[0] != "utter_safety_line_self_harm"
    ending = said[said.index("utter_safety_line_self_harm") :]
    assert ending in (["utter_safety_line_self_harm"], ["utter_safety_line_self_harm", "utter_ask_feedback"])
