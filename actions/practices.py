"""Practice actions: a practice's details by name, the practices in a district, street or building, and follow-ups."""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import Answer, Reply, intent_of
from actions.other_questions import DETAIL_OF_INTENT
from facts import load_facts, replies
from facts.places import PLACE_CUTOFF, place_form, places_of, street_in_question
from facts.queries import name_in_question, outward_code
from facts.wording import (
    GENERIC_WORDS,
    NOT_NAMES,
    checks_place,
    chosen_index,
    details_asked,
    is_follow_up,
    match_form,
    name_in_focus,
    says_practice,
)

MAX_BUTTONS = 6


class ActionFindPractice(Answer):
    """A practice's details by name (remembered for follow-ups), or the practices in a district, street or building."""

    def name(self) -> str:
        return "action_find_practice"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        intent = intent_of(tracker)
        text = tracker.latest_message.get("text") or ""
        name = practice_named(tracker)
        postcode = next(tracker.get_latest_entity_values("postcode"), None)
        place = place_named(tracker)
        detail = detail_wanted(tracker)
        # "bowry practice holloway road phone": the practice named, when it is on the street named too.
        named_there = name or (name_before_place(tracker) if place and not postcode else None)
        if named_there and place and not postcode and named_at_place(named_there, place):
            return self.answer(dispatcher, named_there, detail)
        # A menu button ("/ask_practice_phone") starts a new subject, so it reuses neither the last practice nor list.
        button = text.startswith("/")
        remembered = None if button else tracker.get_slot("practice")
        if remembered and not name and (postcode or place) and checks_place(text):  # "is it still at N7 6LB?"
            return self.answer(dispatcher, remembered, "address")
        if intent == "ask_practices_in_area" or ((postcode or place) and not name):
            return self.list_place(dispatcher, place or name, postcode, text, detail)
        # "it's archwey" after we asked which practice: no entity found, but the reply is the name.
        awaiting_name = tracker.get_slot("practice_detail") is not None and intent == "inform"
        listed = [] if button else tracker.get_slot("shortlist") or []
        # "The second one" after a list; a name the entity patterns don't know ("…for Zebra Clinic") is looked up too.
        chosen = chosen_index(text, len(listed))
        asked = name_in_question(text)
        if asked and remembered and not says_practice(asked) and not load_facts().find_practices(asked):
            asked = None  # "whats the postcode, it's for a taxi": what the detail is for, of the practice just given
        name = name or (listed[chosen] if chosen is not None else None) or asked
        name = name or (text if awaiting_name else remembered)
        if not name and len(listed) > 1:  # "their number" after a list: which of those
            dispatcher.utter_message(response="utter_ask_which_listed", buttons=practice_buttons(listed, detail))
            return Reply([SlotSet("practice_detail", detail)])
        if not name:
            dispatcher.utter_message(response="utter_ask_which_practice")
            return Reply([SlotSet("practice_detail", detail)])
        return self.answer(dispatcher, name, detail)

    @classmethod
    def answer(cls, dispatcher: CollectingDispatcher, name: str, detail: str, refuse_unknown: bool = False) -> Reply:
        """A practice's details by name, buttons when several match, or a way forward when none does."""
        found = load_facts().find_practices(name)
        if not found and refuse_unknown:  # not a practice after all, but something we don't do
            dispatcher.utter_message(response="utter_out_of_scope")
            return Reply([SlotSet("practice_detail", None)])
        if not found:
            districts = replies.open_districts(load_facts())
            dispatcher.utter_message(text=replies.no_practice_reply(name), buttons=district_buttons(districts))
            return Reply([SlotSet("practice", None), SlotSet("practice_detail", detail)])
        if len(found) > 1:
            buttons = practice_buttons([p.name for p in found], detail)
            dispatcher.utter_message(text=replies.choose_practice_prompt(name), buttons=buttons)
            return Reply([SlotSet("practice_detail", detail)])
        facts = load_facts()
        former = facts.former_name_meant(found[0], name)
        dispatcher.utter_message(text=replies.practice_reply(found[0], detail, former, facts=facts))
        # The detail is kept for "and for the Junction?", which asks the same of another practice.
        events = [SlotSet("practice", found[0].name), SlotSet("practice_detail", None), SlotSet("last_detail", detail)]
        return Reply(events, answered=True)

    @classmethod
    def list_place(
        cls, dispatcher: CollectingDispatcher, place: str | None, postcode: str | None, text: str, detail: str
    ) -> Reply:
        """The practices on a street or in a building; else those in the postcode district, or a question for it."""
        facts = load_facts()
        found_place, practices = facts.practices_at(place) if place else (None, [])
        if postcode:  # "surgeries in pine street ec1": the street's, when they are in the district named too
            practices = [p for p in practices if in_district(p.district, outward_code(postcode) or "")]
        if len(practices) == 1 and detail != "details":  # "the number of the surgery on Essex Road"
            return cls.answer(dispatcher, practices[0].name, detail)
        if practices:
            dispatcher.utter_message(text=replies.place_reply(found_place, practices, facts=facts))
            return Reply(listed_events(practices), answered=True)
        street = street_in_question(text)
        if street and not postcode:  # a street no practice on the list is on
            buttons = district_buttons(replies.open_districts(facts))
            dispatcher.utter_message(text=replies.no_practice_on_street_reply(street), buttons=buttons)
            return Reply([SlotSet("practice", None), SlotSet("shortlist", None)])
        return cls.list_district(dispatcher, postcode)

    @staticmethod
    def list_district(dispatcher: CollectingDispatcher, postcode: str | None) -> Reply:
        facts = load_facts()
        district, practices = facts.practices_in(postcode or "")
        if district is None:
            dispatcher.utter_message(response="utter_ask_postcode")
            return Reply()
        if practices:
            dispatcher.utter_message(text=replies.district_reply(district, practices))
        else:
            others = replies.open_districts(facts)
            # Buttons for the nearest first: "EC1" offers EC1R and EC1V before the N districts.
            nearest = sorted(others, key=lambda d: not d.startswith(district.rstrip("0123456789")))
            dispatcher.utter_message(
                text=replies.district_reply(district, practices, others), buttons=district_buttons(nearest)
            )
        return Reply(listed_events(practices), answered=bool(practices))


def in_district(district: str, named: str) -> bool:
    """ "EC1" covers EC1R and EC1V, the districts it is split into; "N1" never covers N19."""
    rest = district[len(named) :]
    return bool(named) and district.startswith(named) and (not rest or rest.isalpha())


def listed_events(practices: list) -> list:
    """A list makes its practices the subject: "their number" next means the only one listed, or asks which of
    them ("the first one" picks one); an older practice is forgotten."""
    if len(practices) == 1:
        return [SlotSet("practice", practices[0].name), SlotSet("shortlist", None), SlotSet("practice_detail", None)]
    names = [p.name for p in practices] or None
    return [SlotSet("practice", None), SlotSet("shortlist", names), SlotSet("practice_detail", None)]


def practice_named(tracker: Tracker) -> str | None:
    """The practice the message asks about, when it names more than one ("near Archway, … for the Junction?")."""
    text = tracker.latest_message.get("text") or ""
    spans = [
        (e.get("start"), e.get("end"), e.get("value"))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "practice"
    ]
    return name_in_focus(text, spans)


def street_entity(tracker: Tracker) -> dict | None:
    return next((e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "street"), None)


def place_named(tracker: Tracker) -> str | None:
    """The street or building the message names, with the building number written before it ("140 holloway
    road"), which narrows a street to the practices at that number."""
    street = street_entity(tracker)
    if street is None:
        return None
    text = tracker.latest_message.get("text") or ""
    number = re.search(r"\b(\d+[a-z]?)\W*$", text[: street.get("start", 0)], re.IGNORECASE)
    return f"{number.group(1)} {street['value']}" if number else street.get("value")


def name_before_place(tracker: Tracker) -> str | None:
    """Words before the street that may name a practice the entity patterns missed ("bowry practice holloway
    road"); named_at_place keeps them only if that practice is there."""
    text = tracker.latest_message.get("text") or ""
    before = text[: (street_entity(tracker) or {}).get("start", 0)]
    return before if set(match_form(before).split()) - GENERIC_WORDS - NOT_NAMES else None


def named_at_place(name: str, place: str) -> bool:
    """The one practice a name finds, open or closed, is on the street or in the building also named: the question
    is about it."""
    found = load_facts().find_practices(name)
    form, _ = place_form(place)
    return len(found) == 1 and any(fuzz.ratio(form, p.form) >= PLACE_CUTOFF for p in places_of(found[0]))


def detail_wanted(tracker: Tracker) -> str:
    """What the resident wants to know: the details their words ask for ("phone+address" when several), the same
    as last time for "and for X?", else what the intent asks."""
    intent, text = intent_of(tracker), tracker.latest_message.get("text") or ""
    asked = details_asked(text)
    waiting, last = tracker.get_slot("practice_detail"), tracker.get_slot("last_detail")
    if len(asked) > 1:
        return "+".join(asked)
    if not asked and last and is_follow_up(text):
        return last
    if asked and (intent in DETAIL_OF_INTENT or intent == "inform"):
        return asked[0]
    if intent == "inform":
        return waiting or last or "details"
    return DETAIL_OF_INTENT.get(intent) or waiting or "details"


def practice_buttons(names: list[str], detail: str) -> list[dict]:
    intent = intent_for(detail)
    return [{"title": name, "payload": f'/{intent}{{"practice": "{name}"}}'} for name in names[:MAX_BUTTONS]]


def district_buttons(districts: list[str]) -> list[dict]:
    """Buttons for districts with open practices (from the facts), as many as fit."""
    return [
        {"title": f"GP practices in {d}", "payload": f'/ask_practices_in_area{{"postcode": "{d}"}}'}
        for d in districts[:MAX_BUTTONS]
    ]


class ActionReadPracticeReply(ActionFindPractice):
    """After "Which GP practice do you mean?", a reply the NLU couldn't place ("archwey") is tried as a name, and
    after "Which of these practices do you mean?", "the second one" as the one chosen."""

    def name(self) -> str:
        return "action_read_practice_reply"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        text = tracker.latest_message.get("text") or ""
        listed = tracker.get_slot("shortlist") or []
        chosen = chosen_index(text, len(listed))
        name = listed[chosen] if chosen is not None else text
        reply = self.answer(dispatcher, name, tracker.get_slot("practice_detail") or "details", refuse_unknown=True)
        # Its rule ends the wait for a name whatever the outcome; several matches still get buttons to choose from.
        events = [e for e in reply.events if e.get("name") != "practice_detail"] + [SlotSet("practice_detail", None)]
        return replace(reply, events=events)


def intent_for(detail: str) -> str:
    """The intent of a button that asks for `detail`; several details at once are all the details."""
    return next((intent for intent, d in DETAIL_OF_INTENT.items() if d == detail), "ask_practice_details")
