"""What a right reply must contain for each evaluation message, and what kind of reply the bot gave."""

from __future__ import annotations

from facts import Facts, load_facts
from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from facts.replies import choose_practice_prompt, district_heading

# Fixed replies are recognised by the opening of their wording, read from where it is written (domain.yml through
# facts/fixed_replies.py, facts/replies.py), so that rewording a reply never silently breaks the evaluation.
SAFETY = {
    "emergency": "utter_emergency",
    "self_harm": "utter_self_harm",
    "urgent_symptoms": "utter_urgent_symptoms",
    "clinical_advice": "utter_clinical_advice",
}
# Reply kinds that mean "the bot did not answer", and the response each is recognised by.
FALLBACKS = {"refusal": "utter_out_of_scope", "did_you_mean": "utter_did_you_mean", "default": "utter_default"}
CHITCHAT = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_you_are_welcome",
    "bot_challenge": "utter_iamabot",
    "ask_capabilities": "utter_capabilities",
}
PRACTICE_INTENTS = {
    "ask_practice_phone",
    "ask_practice_address",
    "ask_practice_status",
    "ask_practice_details",
    "ask_practices_in_area",
    "inform",
}
# The reply kinds that mean "the bot did not answer": the fallback family, and the apology when it failed.
REFUSALS = {*FALLBACKS, "error"}


def fragment(text: str, limit: int = 80) -> str:
    """The first sentence of an answer (at most `limit` characters): enough to prove the fact was given."""
    return text.split(". ")[0][:limit]


def opening(response: str) -> str:
    """The first sentence of a domain.yml response: what a reply given from it starts with."""
    return fragment(fixed_reply(response))


def ask_which_practice() -> str:
    return opening("utter_ask_which_practice")


def choose_opening() -> str:
    return choose_practice_prompt("").split('"')[0].strip()


def entity_value(text: str, entities: list[dict], label: str) -> str | None:
    """The annotated text of the first `label` entity, or None."""
    for e in entities or []:
        if e["entity"] == label:
            return e.get("value") or text[e["start"] : e["end"]]
    return None


def practice_facts(facts: Facts, name: str, intent: str) -> list[str]:
    found = facts.find_practices(name)
    if len(found) > 1:
        return [choose_opening()]
    if not found:
        return []  # the annotation names no practice we know: no reply can be right
    practice = found[0]
    if not practice.is_open:
        return [f"{practice.name} closed on"]
    return [practice.postcode if intent == "ask_practice_address" else practice.phone]


def district_facts(facts: Facts, postcode: str) -> list[str]:
    district, practices = facts.practices_in(postcode)
    if district is None:
        return [opening("utter_ask_postcode")]
    return [district_heading(district)] if practices else [f"open GP practice in {district}"]


def expected_facts(intent: str, text: str, entities: list[dict], facts: Facts | None = None) -> list[str]:
    """Fragments of which a right reply must carry at least one (empty: nothing can be right)."""
    facts = facts or load_facts()
    if intent in SAFETY:
        return [opening(SAFETY[intent])]
    if intent in CHITCHAT:
        return [opening(CHITCHAT[intent])]
    if intent == "out_of_scope":
        return [opening(FALLBACKS["refusal"])]
    if intent in PRACTICE_INTENTS:
        practice, postcode = entity_value(text, entities, "practice"), entity_value(text, entities, "postcode")
        if intent == "ask_practices_in_area" or (postcode and not practice):
            return district_facts(facts, postcode or "")
        return practice_facts(facts, practice, intent) if practice else [ask_which_practice()]
    if intent == "ask_partner":
        partner = entity_value(text, entities, "partner")
        found = facts.find_partner(partner) if partner else None
        if found:
            return [fragment(found.summary)]
    topic = facts.topic(intent)
    return [fragment(topic.answer)] if topic else []


def is_right(reply: str, expected: list[str]) -> bool:
    """An answer is right only when the reply text carries the expected fact, whatever the intent."""
    return any(fact in reply for fact in expected)


def reply_kind(reply: str) -> str:
    """safety, refusal, did_you_mean, default, error or answer."""
    markers = [("safety", opening(response)) for response in SAFETY.values()]
    markers += [(kind, opening(response)) for kind, response in FALLBACKS.items()]
    for kind, marker in [*markers, ("error", opening(CANNOT_ANSWER_NOW))]:
        if reply.startswith(marker):
            return kind
    return "answer"


def reply_text(messages: list[dict]) -> str:
    """The bot's messages to one turn, joined as the resident reads them."""
    return "\n".join(m.get("text") or "" for m in messages)
