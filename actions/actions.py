"""Custom actions: thin adapters that read the conversation, ask the facts, and reply."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.other_questions import PRACTICE_INTENTS as DETAIL_OF_INTENT
from actions.other_questions import PRACTICE_TOPICS, answer_other_questions, say_before_vote
from facts import load_facts, replies
from facts.queries import name_in_question

MAX_BUTTONS = 6


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def ask_for_feedback(dispatcher: CollectingDispatcher) -> None:
    """Asks "Was this helpful?" after a factual answer, always as the last message (contract with the widget).

    The vote comes back as /feedback_helpful or /feedback_not_helpful and is stored in the conversation,
    where `make review` counts it per topic.
    """
    dispatcher.utter_message(response="utter_ask_feedback")


def add_safety_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One safety line after an answer to a message with a risk signal: an emergency or crisis in the past or as
    context, or one that is possible but not sure enough for the takeover.

    The risk assessor (classifiers/risk.py) names the line's response in the parse data.
    """
    line = tracker.latest_message.get("safety_line")
    if line:
        say_before_vote(dispatcher, response=line)


def refuse(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The refusal, which names where to go instead; in a conversation about an open practice, that practice too,
    with its number, since it can answer what we can't (opening times, appointments, prescriptions)."""
    dispatcher.utter_message(response="utter_out_of_scope")
    name = tracker.get_slot("practice")
    found = load_facts().find_practices(name) if name else []
    if len(found) == 1 and found[0].is_open:
        dispatcher.utter_message(text=replies.ask_the_practice(found[0]))


class Answer(Action, ABC):
    """Every action answers, then answers the message's other questions if it asked several
    (actions/other_questions.py), then adds the safety line the risk assessor asked for, if any: a message with a
    risk signal never ends in a bare answer or a bare refusal (classifiers/risk.py). Abstract, so that the action
    server registers only its subclasses."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        events = self.respond(dispatcher, tracker)
        answer_other_questions(dispatcher, tracker, events)
        add_safety_line(dispatcher, tracker)
        return events

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        """The answer itself, as dispatched messages; returns the events to apply."""


class ActionOutOfScope(Answer):
    """Something the assistant doesn't do. Were the action server down, the REST channel's apology would still
    name NHS 111 and nhs.uk."""

    def name(self) -> str:
        return "action_out_of_scope"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        refuse(dispatcher, tracker)
        return []


class ActionClinicalAdvice(Answer):
    """A question the assistant must not answer (doses, diagnoses): where to ask instead, and the safety line when
    the question showed a risk ("can you die from taking all your tablets at once?")."""

    def name(self) -> str:
        return "action_clinical_advice"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        dispatcher.utter_message(response="utter_clinical_advice")
        return []


class ActionAnswerTopic(Answer):
    """Answers a question about the CCG with the topic of the same name as the intent."""

    def name(self) -> str:
        return "action_answer_topic"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        facts = load_facts()
        topic = facts.topic(intent_of(tracker))
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return []
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
            ask_for_feedback(dispatcher)
            return []
        name = next(tracker.get_latest_entity_values("practice"), None) or tracker.get_slot("practice")
        found = facts.find_practices(name) if name else []
        practice = found[0] if len(found) == 1 else None
        dispatcher.utter_message(text=replies.topic_reply_about_practice(facts, topic, practice))
        if not practice:  # the reply asks for the practice's name: no vote until there is an answer
            return [SlotSet("practice_detail", "phone")]
        ask_for_feedback(dispatcher)
        # Remembered for "is it open on saturdays?".
        return [SlotSet("practice", practice.name)]


class ActionFindPractice(Answer):
    """A practice's phone, address or status by name (remembered for follow-ups), or the practices in a district."""

    def name(self) -> str:
        return "action_find_practice"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        intent = intent_of(tracker)
        text = tracker.latest_message.get("text") or ""
        name = next(tracker.get_latest_entity_values("practice"), None)
        postcode = next(tracker.get_latest_entity_values("postcode"), None)
        if intent == "ask_practices_in_area" or (postcode and not name):
            return self.list_district(dispatcher, postcode)
        # "it's archwey" after we asked which practice: no entity found, but the reply is the name.
        awaiting_name = tracker.get_slot("practice_detail") is not None and intent == "inform"
        detail = DETAIL_OF_INTENT.get(intent) or tracker.get_slot("practice_detail") or "details"
        # A menu button ("/ask_practice_phone") starts a new subject, so it doesn't reuse the last practice.
        remembered = None if text.startswith("/") else tracker.get_slot("practice")
        # A name the entity patterns don't know ("…for Zebra Clinic") is looked up too.
        name = name or name_in_question(text) or (text if awaiting_name else remembered)
        if not name:
            dispatcher.utter_message(response="utter_ask_which_practice")
            return [SlotSet("practice_detail", detail)]
        return self.answer(dispatcher, name, detail)

    @classmethod
    def answer(cls, dispatcher: CollectingDispatcher, name: str, detail: str, refuse_unknown: bool = False) -> list:
        """A practice's details by name, buttons when several match, or a way forward when none does."""
        found = load_facts().find_practices(name)
        if not found and refuse_unknown:  # not a practice after all, but something we don't do
            dispatcher.utter_message(response="utter_out_of_scope")
            return [SlotSet("practice_detail", None)]
        if not found:
            districts = replies.open_districts(load_facts())
            dispatcher.utter_message(text=replies.no_practice_reply(name), buttons=district_buttons(districts))
            return [SlotSet("practice", None), SlotSet("practice_detail", detail)]
        if len(found) > 1:
            buttons = [
                {"title": p.name, "payload": f'/{intent_for(detail)}{{"practice": "{p.name}"}}'}
                for p in found[:MAX_BUTTONS]
            ]
            dispatcher.utter_message(text=replies.choose_practice_prompt(name), buttons=buttons)
            return [SlotSet("practice_detail", detail)]
        facts = load_facts()
        former = facts.former_name_meant(found[0], name)
        same_address = facts.open_at_same_address(found[0])
        dispatcher.utter_message(text=replies.practice_reply(found[0], detail, former, same_address))
        ask_for_feedback(dispatcher)
        return [SlotSet("practice", found[0].name), SlotSet("practice_detail", None)]

    @staticmethod
    def list_district(dispatcher: CollectingDispatcher, postcode: str | None) -> list:
        facts = load_facts()
        district, practices = facts.practices_in(postcode or "")
        if district is None:
            dispatcher.utter_message(response="utter_ask_postcode")
            return []
        if practices:
            dispatcher.utter_message(text=replies.district_reply(district, practices))
            ask_for_feedback(dispatcher)
        else:
            others = replies.open_districts(facts)
            # Buttons for the nearest first: "EC1" offers EC1R and EC1V before the N districts.
            nearest = sorted(others, key=lambda d: not d.startswith(district.rstrip("0123456789")))
            dispatcher.utter_message(
                text=replies.district_reply(district, practices, others), buttons=district_buttons(nearest)
            )
        # The district is now the subject: "their number" next must ask which practice, not reuse an older one.
        return [SlotSet("practice", None), SlotSet("practice_detail", None)]


def district_buttons(districts: list[str]) -> list[dict]:
    """Buttons for districts with open practices (from the facts), as many as fit."""
    return [
        {"title": f"GP practices in {d}", "payload": f'/ask_practices_in_area{{"postcode": "{d}"}}'}
        for d in districts[:MAX_BUTTONS]
    ]


class ActionReadPracticeReply(ActionFindPractice):
    """After "Which GP practice do you mean?", a reply the NLU couldn't place ("archwey") is tried as a name."""

    def name(self) -> str:
        return "action_read_practice_reply"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        text = tracker.latest_message.get("text") or ""
        events = self.answer(dispatcher, text, tracker.get_slot("practice_detail") or "details", refuse_unknown=True)
        # Its rule ends the wait for a name whatever the outcome; several matches still get buttons to choose from.
        return [e for e in events if e.get("name") != "practice_detail"] + [SlotSet("practice_detail", None)]


def intent_for(detail: str) -> str:
    return next(intent for intent, d in DETAIL_OF_INTENT.items() if d == detail)


class ActionPartner(Answer):
    """Who a named partner organisation is, or everyone the CCG worked with."""

    def name(self) -> str:
        return "action_partner"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        facts = load_facts()
        name = next(tracker.get_latest_entity_values("partner"), None)
        partner = facts.find_partner(name) if name else None
        if partner:
            dispatcher.utter_message(text=replies.partner_reply(facts, partner))
        else:
            dispatcher.utter_message(text=replies.topic_reply(facts, facts.topic("ask_partner")))
        ask_for_feedback(dispatcher)
        return []


class ActionDidYouMean(Answer):
    """When the classifier is unsure, offers its best guesses as buttons instead of guessing."""

    def name(self) -> str:
        return "action_did_you_mean"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        facts = load_facts()
        text = tracker.latest_message.get("text") or ""
        if len(text.split()) <= 4 and facts.find_practices(text):  # a misspelt practice name on its own
            return ActionFindPractice.answer(dispatcher, text, tracker.get_slot("practice_detail") or "details")
        ranking = [g for g in tracker.latest_message.get("intent_ranking") or [] if g.get("name") != "nlu_fallback"]
        if ranking and ranking[0].get("name") == "out_of_scope":  # unsure, but most likely something we don't do
            refuse(dispatcher, tracker)
            return []
        topics = [facts.topic(guess.get("name", "")) for guess in ranking[:4]]
        buttons: list[dict[str, Any]] = [{"title": t.title, "payload": f"/{t.key}"} for t in topics if t][:2]
        if not buttons:
            refuse(dispatcher, tracker)
            return []
        dispatcher.utter_message(
            response="utter_did_you_mean", buttons=[*buttons, {"title": "Something else", "payload": "/out_of_scope"}]
        )
        return []
