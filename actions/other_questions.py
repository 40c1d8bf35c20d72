"""The other questions in a message that asks several (issue 21): "How many people live in Islington and how many
practices did the CCG have?" gets both answers, in one turn, with one "Was this helpful?" at the end.

The NLU reads each clause's intent (nlu/clauses.py, under "questions" in the parse data); the message's own
intent picks the action as always, and this module answers each question that action didn't, from the facts.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from facts import load_facts, replies
from facts.queries import Facts
from facts.records import Partner, Practice
from facts.wording import details_asked, is_follow_up
from nlu.clauses import clauses

# The detail each practice intent asks for.
DETAIL_OF_INTENT = {
    "ask_practice_phone": "phone",
    "ask_practice_address": "address",
    "ask_practice_status": "status",
    "ask_practice_details": "details",
}
# Topics the resident's own practice answers ("when is it open?"): the reply adds that practice's number.
PRACTICE_TOPICS = frozenset({"ask_opening_hours", "ask_repeat_prescription", "ask_complaint"})


def answers_to_other_questions(tracker: Tracker, events: list) -> list[str]:
    """The answer to each question in the message that its intent's action (which returned `events`) didn't answer,
    in the order they were asked: the other practices or districts asked with the one answered ("phone for X and
    the one for Y", "GPs in N16? and what about EC1V"), each clause's question, and the topic of a condition the
    message names ("... and I've had earache for 3 days" gets Pharmacy First)."""
    facts = load_facts()
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name") or ""
    events_set = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    chosen = events_set.get("practice")
    if chosen and intent in PRACTICE_TOPICS:  # the topic, with that practice's number in its reply
        answered = {(intent, None), *practice_keys(chosen, "phone")}
    elif chosen:  # the details the action gave of the practice it answered
        answered = set(practice_keys(chosen, events_set.get("last_detail") or DETAIL_OF_INTENT.get(intent, "details")))
    else:
        answered = set(subject(facts, message, intent, None))
    district = entity_in(message, "postcode", None)
    if intent == "ask_practices_in_area" and district:  # the action listed the first district named
        answered.add(("area", district))
    said = []
    for about, text in [
        *asked_alongside(facts, message, intent, answered),
        *each_question(facts, tracker),
        *practice_asked_beside(facts, message, intent),
        *signed(facts, message),
    ]:
        if text and not about <= answered:
            answered |= about
            said.append(text)
    return said


def asked_alongside(facts: Facts, message: dict, intent: str, answered: set) -> list[tuple[frozenset, str | None]]:
    """The practices, districts or streets asked about with the one the action answered, each with its answer:
    those in the same clause, and those in a clause that follows up ("and what about X"); not a name given as
    context in another sentence ("we live near X. What's the number for Y?")."""
    # A bare name reads as "inform" ("new north health centre postcode also highbury grange postcode"), and the action
    # answers it as a practice; so are the others named beside it.
    kind = "practice" if intent in DETAIL_OF_INTENT or intent == "inform" else None
    if intent == "ask_practices_in_area":
        kind = "postcode" if entity_in(message, "postcode", None) else "street"
    text = message.get("text") or ""
    names = [e for e in message.get("entities") or [] if e.get("entity") == kind and "start" in e]
    spans = clauses(text)
    clause_of = {id(e): next((s for s in spans if s[0] <= e["start"] < s[1]), None) for e in names}
    first = next((e for e in names if is_answered(facts, kind, e, answered)), None)
    if first is None:
        return []
    found = []
    answered_clause = clause_of[id(first)]
    for entity in names:
        clause = clause_of[id(entity)]
        if clause is None or not (
            clause == answered_clause
            or follows_up(text, spans, clause)
            or followed_up(text, spans, clause, answered_clause)
        ):
            continue
        if kind in ("postcode", "street"):
            found.append((frozenset({("area", entity["value"])}), area_reply(facts, kind, entity["value"])))
            continue
        practices = facts.find_practices(entity["value"])
        if len(practices) == 1:
            detail = detail_in(text[clause[0] : clause[1]], intent)
            reply = replies.practice_reply(practices[0], detail, facts=facts)
            found.append((practice_keys(practices[0].name, detail), reply))
    return found


# "Could you confirm their address": a sentence that asks a detail of the practice named in the sentence before.
REFERS_BACK = re.compile(r"\b(their|its|they|them|there|it)\b", re.IGNORECASE)


def practice_asked_beside(facts: Facts, message: dict, intent: str) -> list[tuple[frozenset, str | None]]:
    """The detail asked of the one practice a message names, when its intent is not about a practice: "I want her
    seen today. Number for the Junction please", "he's registered at the Beaumont. Could you confirm their address".
    The detail must be asked in the name's own sentence, or in the next one referring back to it; a name given as
    context alone ("we're with the Beaumont, how do I get a fit note?") is not answered."""
    if intent in DETAIL_OF_INTENT or intent in ("ask_practices_in_area", "inform"):
        return []
    text = message.get("text") or ""
    names = [e for e in message.get("entities") or [] if e.get("entity") == "practice" and "start" in e]
    found = facts.find_practices(names[0]["value"]) if len(names) == 1 else []
    if len(found) != 1:
        return []
    spans = clauses(text)
    index = next((i for i, (a, b) in enumerate(spans) if a <= names[0]["start"] < b), None)
    if index is None:
        return []
    asked = details_asked(text[slice(*spans[index])])
    if not asked and index + 1 < len(spans):
        following = text[slice(*spans[index + 1])]
        asked = details_asked(following) if REFERS_BACK.search(following) else ()
    if not asked:
        return []
    detail = "+".join(asked)
    return [(practice_keys(found[0].name, detail), replies.practice_reply(found[0], detail, facts=facts))]


def is_answered(facts: Facts, kind: str, entity: dict, answered: set) -> bool:
    if kind in ("postcode", "street"):
        return ("area", entity["value"]) in answered
    found = facts.find_practices(entity["value"])
    return len(found) == 1 and any(key[:2] == ("practice", found[0].name) for key in answered)


def follows_up(text: str, spans: list[tuple[int, int]], clause: tuple[int, int]) -> bool:
    """The clause asks the same again about another name: "... ? and what about EC1V", "..., also the Junction"."""
    index = spans.index(clause)
    before = spans[index - 1][1] if index else 0
    return index > 0 and is_follow_up(text[before : clause[1]])


def followed_up(
    text: str, spans: list[tuple[int, int]], clause: tuple[int, int], answered: tuple[int, int] | None
) -> bool:
    """The clause right before the answered one, which follows it up ("is X still open? Y as well?"): X was asked
    too, though the action answered the name it took for the question's own."""
    if answered is None:
        return False
    return spans.index(answered) == spans.index(clause) + 1 and follows_up(text, spans, answered)


def details_of(message: dict, span: tuple[int, int] | None, intent: str) -> str:
    """The details a question asks for: its sentence's words when that sentence names one practice at most ("She
    needs the phone number, the full address for a minicab" is read in parts, and still asks both), else its own."""
    text = message.get("text") or ""
    sentence = next((c for c in clauses(text) if span and c[0] <= span[0] < c[1]), None)
    if sentence:
        names = [e for e in message.get("entities") or [] if e.get("entity") == "practice"]
        inside = [e for e in names if sentence[0] <= e.get("start", -1) < sentence[1]]
        if len(inside) <= 1 and details_asked(text[sentence[0] : sentence[1]]):
            return detail_in(text[sentence[0] : sentence[1]], intent)
    return detail_in(clause_of(message, span), intent)


def detail_in(clause: str, intent: str) -> str:
    """The details a clause's words ask for ("phone and address" -> "phone+address"), else its intent's."""
    asked = details_asked(clause)
    return "+".join(asked) if asked else DETAIL_OF_INTENT.get(intent, "details")


def each_question(facts: Facts, tracker: Tracker) -> list[tuple[frozenset, str | None]]:
    """Each clause's confident question (nlu/clauses.py), with its answer, in the order asked."""
    message = tracker.latest_message
    main = (message.get("intent") or {}).get("name")
    found = []
    for question in sorted(message.get("questions") or [], key=lambda q: q["start"]):
        span, intent = (question["start"], question["end"]), question["intent"]
        clause = clause_of(message, span)
        if (
            intent in DETAIL_OF_INTENT
            and main in DETAIL_OF_INTENT
            and is_follow_up(clause)
            and not details_asked(clause)
        ):
            intent = main  # "is X still open? what about Y" asks Y the same, as the action's follow-up answered it
        about = subject(facts, message, intent, span)
        found.append((about, answer(facts, tracker, intent, span)))
    return found


def signed(facts: Facts, message: dict) -> list[tuple[frozenset, str]]:
    """The topics of the conditions a message names (a topic's signs in the facts: earache -> Pharmacy First)."""
    topics = facts.topics_signed(message.get("text") or "")
    return [(frozenset({(topic.key, None)}), replies.topic_reply(facts, topic)) for topic in topics]


def subject(facts: Facts, message: dict, intent: str, span: tuple[int, int] | None) -> frozenset:
    """What a question is about: its topic, a district or street, or a practice's details (one key each, so that
    "is it still open? and their phone number" asks the phone of the practice whose status was given)."""
    if intent in DETAIL_OF_INTENT:
        practice = practice_in(facts, message, span)
        return practice_keys(practice.name if practice else None, details_of(message, span, intent))
    if intent == "ask_practices_in_area":
        place = entity_in(message, "street", span) or entity_in(message, "postcode", span)
        place = place or entity_in(message, "street", None) or entity_in(message, "postcode", None)
        return frozenset({("area", place)})
    if intent == "ask_partner":
        named = partners_named(facts, message, span)
        return frozenset(("partner", p.key) for p in named) or frozenset({("partner", None)})
    return frozenset({(intent, None)})


def practice_keys(name: str | None, detail: str) -> frozenset:
    """One key per detail of a practice: "details" is all three, and a postcode is part of the address."""
    parts = detail.replace("details", "status+phone+address").replace("postcode", "address").split("+")
    return frozenset(("practice", name, part) for part in parts)


def practice_in(facts: Facts, message: dict, span: tuple[int, int] | None) -> Practice | None:
    """The one practice the clause names, or failing that the message; None when no name finds just one."""
    name = entity_in(message, "practice", span) or entity_in(message, "practice", None)
    found = facts.find_practices(name) if name else []
    return found[0] if len(found) == 1 else None


def clause_of(message: dict, span: tuple[int, int] | None) -> str:
    text = message.get("text") or ""
    return text[span[0] : span[1]] if span else text


def area_reply(facts: Facts, kind: str, place: str) -> str | None:
    """The practices in a postcode district, or on a street or in a building; None when there are none."""
    if kind == "street":
        found, practices = facts.practices_at(place)
        return replies.place_reply(found, practices, facts=facts) if practices else None
    district, practices = facts.practices_in(place)
    return replies.district_reply(district, practices) if practices else None


def partners_named(facts: Facts, message: dict, span: tuple[int, int] | None = None) -> list[Partner]:
    """Each partner organisation the clause names (the message when `span` is None), once, in the order named: "what
    was the CCG's link with the council and with the mental health trust" names two, and asks about both."""
    found: list[Partner] = []
    for entity in message.get("entities") or []:
        inside = span is None or span[0] <= entity.get("start", -1) < span[1]
        if entity.get("entity") != "partner" or not inside:
            continue
        partner = facts.find_partner(entity.get("value") or "")
        if partner and partner not in found:
            found.append(partner)
    return found


def partner_replies(facts: Facts, message: dict, span: tuple[int, int] | None = None) -> list[str]:
    """A reply for each partner the clause names, or the list of everyone the CCG worked with when it names none."""
    named = partners_named(facts, message, span)
    return [replies.partner_reply(facts, p) for p in named] or [replies.topic_reply(facts, facts.topic("ask_partner"))]


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
        practice = practice_in(facts, message, span)
        detail = details_of(message, span, intent)
        return replies.practice_reply(practice, detail, facts=facts) if practice else None
    if intent == "ask_practices_in_area":
        street = entity_in(message, "street", span)
        place = street or entity_in(message, "postcode", span) or ""
        return area_reply(facts, "street" if street else "postcode", place)
    if intent == "ask_partner":
        return "\n\n".join(partner_replies(facts, message, span))
    topic = facts.topic(intent)
    if topic is None:
        return None
    if topic.key in PRACTICE_TOPICS:
        name = entity_in(message, "practice", None) or tracker.get_slot("practice")
        found = facts.find_practices(name) if name else []
        return replies.topic_reply_about_practice(facts, topic, found[0] if len(found) == 1 else None)
    return replies.topic_reply(facts, topic)
