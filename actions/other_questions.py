"""The other questions in a message that asks several (issue 21): "How many people live in Islington and how many
practices did the CCG have?" gets both answers, in one turn, with one "Was this helpful?" at the end.

The NLU reads each clause's intent (classifiers/questions.py, under "questions" in the parse data); the message's own
intent picks the action as always, and this module answers each question that action didn't, from the facts.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from facts import load_facts, replies
from facts.queries import Facts

# The detail each practice intent asks for.
DETAIL_OF_INTENT = {
    "ask_practice_phone": "phone",
    "ask_practice_address": "address",
    "ask_practice_status": "status",
    "ask_practice_details": "details",
}
# Topics the resident's own practice answers ("when is it open?"): the reply adds that practice's number.
PRACTICE_TOPICS = frozenset({"ask_opening_hours", "ask_repeat_prescription", "ask_complaint"})
VOTE = "utter_ask_feedback"
# What may stand between two practice names listed in one question: "X and Y", "X, Y", "X & the Y", "X and for Y",
# "X postcode and Y postcode" repeats the detail asked between them.
LIST_JOINER = re.compile(
    r"\s*(?:(?:phone|number|address|post ?code|details)\s*)*(?:,|&|\+|/|\band\b|\bor\b)?\s*(?:(?:also|for|the)\s+)*",
    re.I,
)


def say_before_vote(dispatcher: CollectingDispatcher, **message) -> None:
    """Dispatches a message just before the "Was this helpful?" vote, which stays last (the widget's contract)."""
    dispatcher.utter_message(**message)
    messages = dispatcher.messages
    vote = next((i for i, m in enumerate(messages) if m.get("response") == VOTE), None)
    if vote is not None:
        messages.insert(vote, messages.pop())


def answer_other_questions(dispatcher: CollectingDispatcher, tracker: Tracker, events: list) -> None:
    """Answers each question in the message that its intent's action (which returned `events`) didn't, in the order
    they were asked; and, after a practice answer, the other practices the question listed with it ("phone for X
    and Y")."""
    facts = load_facts()
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name") or ""
    chosen = next((e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "practice"), None)
    answered = {("practice", chosen) if chosen else subject(facts, message, intent, None)}
    for name in listed_practices(message) if intent in DETAIL_OF_INTENT else []:
        found = facts.find_practices(name)
        if len(found) == 1 and ("practice", found[0].name) not in answered:
            answered.add(("practice", found[0].name))
            say_before_vote(dispatcher, text=replies.practice_reply(found[0], DETAIL_OF_INTENT[intent]))
    for question in sorted(message.get("questions") or [], key=lambda q: q["start"]):
        span = (question["start"], question["end"])
        about = subject(facts, message, question["intent"], span)
        if about in answered:
            continue
        text = answer(facts, tracker, question["intent"], span)
        if text:
            answered.add(about)
            say_before_vote(dispatcher, text=text)


def listed_practices(message: dict) -> list[str]:
    """Practice names listed together, as one question asks for each ("X and Y", "X, Y", "for X and for Y"); not a
    practice named as context in another sentence ("we live near X. What's the number for Y?")."""
    text = message.get("text") or ""
    names = sorted(
        (e for e in message.get("entities") or [] if e.get("entity") == "practice" and "start" in e),
        key=lambda e: e["start"],
    )
    for before, after in pairwise(names):
        if not LIST_JOINER.fullmatch(text[before["end"] : after["start"]]):
            return []
    return [e["value"] for e in names] if len(names) > 1 else []


def subject(facts: Facts, message: dict, intent: str, span: tuple[int, int] | None) -> tuple[str, str | None]:
    """What a question is about: its topic, or a practice or district by name (one practice's several details are
    one subject, which the practice answer gives together)."""
    if intent in DETAIL_OF_INTENT:
        name = entity_in(message, "practice", span) or entity_in(message, "practice", None)
        found = facts.find_practices(name) if name else []
        return "practice", found[0].name if len(found) == 1 else name
    if intent == "ask_practices_in_area":
        place = entity_in(message, "street", span) or entity_in(message, "postcode", span)
        return "area", place or entity_in(message, "street", None) or entity_in(message, "postcode", None)
    if intent == "ask_partner":
        return "partner", entity_in(message, "partner", span)
    return intent, None


def entity_in(message: dict, kind: str, span: tuple[int, int] | None) -> str | None:
    """The first entity of that kind inside the clause (anywhere in the message when `span` is None)."""
    for entity in message.get("entities") or []:
        inside = span is None or span[0] <= entity.get("start", -1) < span[1]
        if entity.get("entity") == kind and inside:
            return entity.get("value")
    return None


def answer(facts: Facts, tracker: Tracker, intent: str, span: tuple[int, int]) -> str | None:
    """One question's answer from the facts, or None when it needs more than the message says (which practice?)."""
    message = tracker.latest_message
    if intent in DETAIL_OF_INTENT:
        name = entity_in(message, "practice", span) or entity_in(message, "practice", None)
        found = facts.find_practices(name) if name else []
        return replies.practice_reply(found[0], DETAIL_OF_INTENT[intent]) if len(found) == 1 else None
    if intent == "ask_practices_in_area" and entity_in(message, "street", span):
        place, practices = facts.practices_at(entity_in(message, "street", span))
        return replies.place_reply(place, practices) if practices else None
    if intent == "ask_practices_in_area":
        district, practices = facts.practices_in(entity_in(message, "postcode", span) or "")
        return replies.district_reply(district, practices) if practices else None
    if intent == "ask_partner":
        name = entity_in(message, "partner", span)
        partner = facts.find_partner(name) if name else None
        return replies.partner_reply(facts, partner) if partner else replies.topic_reply(facts, facts.topic(intent))
    topic = facts.topic(intent)
    if topic is None:
        return None
    if topic.key in PRACTICE_TOPICS:
        name = entity_in(message, "practice", None) or tracker.get_slot("practice")
        found = facts.find_practices(name) if name else []
        return replies.topic_reply_about_practice(facts, topic, found[0] if len(found) == 1 else None)
    return replies.topic_reply(facts, topic)
