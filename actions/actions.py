"""Custom actions: thin adapters that read the conversation, ask the facts, and reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from facts import load_facts, replies
from facts.queries import name_in_question

DETAIL_OF_INTENT = {
    "ask_practice_phone": "phone",
    "ask_practice_address": "address",
    "ask_practice_status": "status",
    "ask_practice_details": "details",
}
MAX_BUTTONS = 6


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def add_safety_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One safety line after an answer to a question that mentioned an emergency in the past or as context.

    The safety net (classifiers/safety_net.py) names the line's response in the parse data.
    """
    line = tracker.latest_message.get("safety_line")
    if line:
        dispatcher.utter_message(response=line)


class ActionAnswerTopic(Action):
    """Answers a question about the CCG with the topic of the same name as the intent."""

    def name(self) -> str:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        facts = load_facts()
        topic = facts.topic(intent_of(tracker))
        if topic is None:
            dispatcher.utter_message(response="utter_default")
        else:
            dispatcher.utter_message(text=replies.topic_reply(facts, topic))
        add_safety_line(dispatcher, tracker)
        return []


class ActionFindPractice(Action):
    """A practice's phone, address or status by name (remembered for follow-ups), or the practices in a district."""

    def name(self) -> str:
        return "action_find_practice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        events = self.answer(dispatcher, tracker)
        add_safety_line(dispatcher, tracker)
        return events

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        intent = intent_of(tracker)
        name = next(tracker.get_latest_entity_values("practice"), None)
        postcode = next(tracker.get_latest_entity_values("postcode"), None)
        if intent == "ask_practices_in_area" or (postcode and not name):
            return self.list_district(dispatcher, postcode)
        detail = DETAIL_OF_INTENT.get(intent) or tracker.get_slot("practice_detail") or "details"
        # A name the entity patterns don't know ("…for Zebra Clinic") still gets a clear "couldn't find".
        name = name or name_in_question(tracker.latest_message.get("text", "")) or tracker.get_slot("practice")
        if not name:
            dispatcher.utter_message(response="utter_ask_which_practice")
            return [SlotSet("practice_detail", detail)]
        found = load_facts().find_practices(name)
        if not found:
            dispatcher.utter_message(
                text=replies.no_practice_reply(name), buttons=district_buttons(replies.open_districts(load_facts()))
            )
            return [SlotSet("practice", None), SlotSet("practice_detail", detail)]
        if len(found) > 1:
            buttons = [
                {"title": p.name, "payload": f'/{intent_for(detail)}{{"practice": "{p.name}"}}'}
                for p in found[:MAX_BUTTONS]
            ]
            dispatcher.utter_message(text=replies.choose_practice_prompt(name), buttons=buttons)
            return [SlotSet("practice_detail", detail)]
        former = load_facts().former_name_meant(found[0], name)
        dispatcher.utter_message(text=replies.practice_reply(found[0], detail, former))
        return [SlotSet("practice", found[0].name), SlotSet("practice_detail", None)]

    @staticmethod
    def list_district(dispatcher: CollectingDispatcher, postcode: str | None) -> list:
        facts = load_facts()
        district, practices = facts.practices_in(postcode or "")
        if district is None:
            dispatcher.utter_message(response="utter_ask_postcode")
        elif practices:
            dispatcher.utter_message(text=replies.district_reply(district, practices))
        else:
            others = replies.open_districts(facts)
            # Buttons for the nearest first: "EC1" offers EC1R and EC1V before the N districts.
            nearest = sorted(others, key=lambda d: not d.startswith(district.rstrip("0123456789")))
            dispatcher.utter_message(
                text=replies.district_reply(district, practices, others), buttons=district_buttons(nearest)
            )
        return []


def district_buttons(districts: list[str]) -> list[dict]:
    """Buttons for the districts with open practices, as many as fit."""
    return [
        {"title": f"GP practices in {d}", "payload": f'/ask_practices_in_area{{"postcode": "{d}"}}'}
        for d in districts[:MAX_BUTTONS]
    ]


def intent_for(detail: str) -> str:
    return next(intent for intent, d in DETAIL_OF_INTENT.items() if d == detail)


class ActionPartner(Action):
    """Who a named partner organisation is, or everyone the CCG worked with."""

    def name(self) -> str:
        return "action_partner"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        facts = load_facts()
        name = next(tracker.get_latest_entity_values("partner"), None)
        partner = facts.find_partner(name) if name else None
        if partner:
            dispatcher.utter_message(text=replies.partner_reply(partner))
        else:
            dispatcher.utter_message(text=replies.topic_reply(facts, facts.topic("ask_partners")))
        add_safety_line(dispatcher, tracker)
        return []


class ActionDidYouMean(Action):
    """When the classifier is unsure, offers its best guesses as buttons instead of guessing."""

    def name(self) -> str:
        return "action_did_you_mean"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        facts = load_facts()
        ranking = [g for g in tracker.latest_message.get("intent_ranking") or [] if g.get("name") != "nlu_fallback"]
        if ranking and ranking[0].get("name") == "out_of_scope":  # unsure, but most likely something we don't do
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        topics = [facts.topic(guess.get("name", "")) for guess in ranking[:4]]
        buttons: list[dict[str, Any]] = [{"title": t.title, "payload": f"/{t.key}"} for t in topics if t][:2]
        if not buttons:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        dispatcher.utter_message(
            response="utter_did_you_mean", buttons=[*buttons, {"title": "Something else", "payload": "/out_of_scope"}]
        )
        return []
