"""Custom actions: thin adapters that read the conversation, ask the facts, and reply.

The practice actions are in actions/practices.py, and what every action shares in actions/answer.py.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import Answer, Reply, intent_of
from actions.other_questions import DETAIL_OF_INTENT, PRACTICE_TOPICS, partner_replies
from actions.practices import ActionFindPractice, ActionReadPracticeReply, practice_named
from facts import load_facts, replies
from facts.fixed_replies import fixed_reply
from facts.queries import Facts
from facts.records import Topic
from facts.wording import checks_place, details_asked

__all__ = ["ActionFindPractice", "ActionReadPracticeReply"]


def refuse(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The refusal, which names where to go instead; in a conversation about an open practice, that practice too,
    with its number, since it can answer what we can't (opening times, appointments, prescriptions)."""
    dispatcher.utter_message(response="utter_out_of_scope")
    if load_facts().topics_signed(tracker.latest_message.get("text") or ""):
        return  # the condition's topic follows (actions/other_questions.py), not the practice's number
    name = tracker.get_slot("practice")
    found = load_facts().find_practices(name) if name else []
    if len(found) == 1 and found[0].is_open:
        dispatcher.utter_message(text=replies.ask_the_practice(found[0]))


class ActionOutOfScope(Answer):
    """Something the assistant doesn't do. Were the action server down, the REST channel's apology would still
    name NHS 111 and nhs.uk."""

    def name(self) -> str:
        return "action_out_of_scope"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        detail = practice_follow_up(tracker)
        if detail:
            return ActionFindPractice.answer(dispatcher, tracker.get_slot("practice"), detail)
        refuse(dispatcher, tracker)
        return Reply()


# An off-topic reading this unsure, with a practice's detail this likely beside it, is a follow-up about the practice
# the conversation is about ("and where is it?" read 0.48 off-topic, 0.44 the address, after a practice's phone).
UNSURE_OFF_TOPIC, LIKELY_DETAIL = 0.6, 0.3
# A message this short that names a detail outright ("postcode again sorry, for the sat nav") asks it of that practice,
# however sure the off-topic reading; "where" alone is not enough ("where can I park?").
SHORT_FOLLOW_UP_WORDS = 8
NAMED_DETAIL = re.compile(r"\b(post ?code|address|phone|number|numbr)\b", re.IGNORECASE)


def guesses(tracker: Tracker) -> list[dict]:
    """The classifier's intents for the message, likeliest first, without Rasa's nlu_fallback."""
    return [g for g in tracker.latest_message.get("intent_ranking") or [] if g.get("name") != "nlu_fallback"]


def practice_follow_up(tracker: Tracker) -> str | None:
    """The detail an off-topic reading asks of the conversation's practice, or None."""
    message = tracker.latest_message
    text = message.get("text") or ""
    kinds = {e.get("entity") for e in message.get("entities") or []}
    if not tracker.get_slot("practice") or "practice" in kinds:
        return None
    if kinds:
        return "address" if kinds <= {"street", "postcode"} and checks_place(text) else None
    asked = details_asked(text)
    if len(text.split()) <= SHORT_FOLLOW_UP_WORDS and NAMED_DETAIL.search(text):
        return asked[0]
    ranking = guesses(tracker)
    if len(ranking) < 2:
        return None
    top, runner_up = ranking[0], ranking[1]
    if top.get("name") != "out_of_scope" or top.get("confidence", 1) >= UNSURE_OFF_TOPIC:
        return None
    if runner_up.get("name") not in DETAIL_OF_INTENT or runner_up.get("confidence", 0) < LIKELY_DETAIL:
        return None
    return asked[0] if asked else DETAIL_OF_INTENT[runner_up["name"]]


class ActionClinicalAdvice(Answer):
    """A question the assistant must not answer (doses, diagnoses): where to ask instead, and the safety line when
    the question showed a risk ("can you die from taking all your tablets at once?")."""

    def name(self) -> str:
        return "action_clinical_advice"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        dispatcher.utter_message(response="utter_clinical_advice")
        return Reply()


class ActionUrgentSymptoms(Answer):
    """What follows the urgent reply (utter_urgent_symptoms: NHS 111 or the GP practice today, 999 for the red flags),
    which Rasa gives itself so that it holds with the action server down (hazard H11): the answer to anything else
    the message asked ("I need to be seen today. What's the number for Mildmay?"), and a risk's other line."""

    def name(self) -> str:
        return "action_urgent_symptoms"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        return Reply(says_line="utter_safety_line_urgent")


# "Is it open at night?", "what time does the Whittington one close": the question refers back to what was just named.
REFERS_BACK = re.compile(r"\b(it|its|it's|they|them|there|that|this|one)\b", re.IGNORECASE)


def service_referred_back(facts: Facts, tracker: Tracker) -> Topic | None:
    """The topic of the resident's previous question, when it named services (the urgent treatment centre, Moorfields'
    eye A&E) and this question asks when "it" is open: those services' hours are in that topic's answer, where the
    opening-hours topic would say only that GP practices' hours are unknown."""
    if not REFERS_BACK.search(tracker.latest_message.get("text") or ""):
        return None
    asked = [e for e in tracker.events if e.get("event") == "user"]
    if len(asked) < 2:
        return None
    earlier = facts.topic(((asked[-2].get("parse_data") or {}).get("intent") or {}).get("name") or "")
    return earlier if earlier is not None and earlier.services else None


class ActionAnswerTopic(Answer):
    """Answers a question about the CCG with the topic of the same name as the intent."""

    def name(self) -> str:
        return "action_answer_topic"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        facts = load_facts()
        topic = facts.topic(intent_of(tracker))
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return Reply()
        if topic.key == "ask_opening_hours" and not practice_named(tracker):
            topic = service_referred_back(facts, tracker) or topic
        if topic.key not in PRACTICE_TOPICS:
            dispatcher.utter_message(text=replies.topic_reply(facts, topic))
            postcode = next(tracker.get_latest_entity_values("postcode"), None)
            if (
                topic.key == "ask_register_gp"
                and postcode
                and not next(tracker.get_latest_entity_values("practice"), None)
            ):
                # "How do I join a surgery? I'm in N19": how to register, then the practices there one can join.
                return ActionFindPractice.list_district(dispatcher, postcode)
            return Reply(answered=True)
        name = practice_named(tracker) or tracker.get_slot("practice")
        found = facts.find_practices(name) if name else []
        practice = found[0] if len(found) == 1 else None
        dispatcher.utter_message(text=replies.topic_reply_about_practice(facts, topic, practice))
        if not practice:  # the reply asks for the practice's name: no vote until there is an answer
            return Reply([SlotSet("practice_detail", "phone")])
        # Remembered for "is it open on saturdays?".
        return Reply([SlotSet("practice", practice.name)], answered=True)


class ActionPartner(Answer):
    """Who each named partner organisation is ("the council and the mental health trust" names two), or everyone the
    CCG worked with."""

    def name(self) -> str:
        return "action_partner"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        facts = load_facts()
        for text in partner_replies(facts, tracker.latest_message):
            dispatcher.utter_message(text=text)
        return Reply(answered=True)


class ActionDidYouMean(Answer):
    """When the classifier is unsure, offers its best guesses as buttons instead of guessing."""

    def name(self) -> str:
        return "action_did_you_mean"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        facts = load_facts()
        text = tracker.latest_message.get("text") or ""
        if len(text.split()) <= 4 and facts.find_practices(text):  # a misspelt practice name on its own
            return ActionFindPractice.answer(dispatcher, text, tracker.get_slot("practice_detail") or "details")
        ranking = guesses(tracker)
        if ranking and ranking[0].get("name") == "out_of_scope":  # unsure, but most likely something we don't do
            refuse(dispatcher, tracker)
            return Reply()
        topics = [facts.topic(guess.get("name", "")) for guess in ranking[:4]]
        buttons: list[dict[str, Any]] = [{"title": t.title, "payload": f"/{t.key}"} for t in topics if t][:2]
        if not buttons:
            refuse(dispatcher, tracker)
            return Reply()
        none_of_these = {"title": fixed_reply("utter_something_else"), "payload": "/out_of_scope"}
        dispatcher.utter_message(response="utter_did_you_mean", buttons=[*buttons, none_of_these])
        return Reply()
