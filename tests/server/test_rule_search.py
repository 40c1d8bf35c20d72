"""server/patches/rule_search.py finds exactly the rules Rasa's RulePolicy finds, for any rules and conversation."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from server.patches import rule_search

ACTIONS = st.sampled_from(["action_listen", "action_find_practice", "utter_greet", "utter_emergency"])
INTENTS = st.sampled_from(["greet", "emergency", "ask_practice_phone", "thank"])
VALUES = st.sampled_from(["Archway", "N19", SHOULD_NOT_BE_SET, None])


@st.composite
def states(draw) -> dict:
    state: dict = {}
    if draw(st.booleans()):  # without a previous action, a state is a conversation's start
        state["prev_action"] = {"action_name": draw(ACTIONS)}
    if draw(st.booleans()):
        user: dict = {"intent": draw(INTENTS)}
        if draw(st.booleans()):
            user["entities"] = tuple(draw(st.lists(st.sampled_from(["practice", "postcode"]), max_size=2)))
        state["user"] = user
    slots = {name: value for name in ("practice", "area") if (value := draw(VALUES)) is not None}
    if slots:
        # A slot's featurised value is a tuple; a rule may also say it should not be set.
        state["slots"] = {name: value if value == SHOULD_NOT_BE_SET else (value,) for name, value in slots.items()}
    if draw(st.booleans()):
        state["active_loop"] = {"name": draw(st.sampled_from(["form", SHOULD_NOT_BE_SET]))}
    return state


RULES = st.lists(st.lists(states(), min_size=1, max_size=4), max_size=12)
CONVERSATIONS = st.lists(states(), max_size=10)


@settings(max_examples=300, deadline=None)
@given(rules=RULES, conversation=CONVERSATIONS)
def test_the_same_rules_fit_as_with_rasas_own_search(rules, conversation):
    # Rule keys are the rules' states as JSON, as RulePolicy stores them (tuples come back as lists).
    lookup = {json.dumps(rule, sort_keys=True): f"action_{n}" for n, rule in enumerate(rules)}
    policy = object.__new__(RulePolicy)  # the search reads no state of the policy
    assert rule_search.get_possible_keys(policy, lookup, conversation) == rule_search._original(
        policy, lookup, conversation
    )


def test_a_rule_for_the_last_message_fits_and_one_for_another_intent_does_not():
    greet = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]
    thank = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "thank"}}]
    lookup = {json.dumps(greet): "utter_greet", json.dumps(thank): "utter_you_are_welcome"}
    conversation = [{}, {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]
    policy = object.__new__(RulePolicy)
    assert rule_search.get_possible_keys(policy, lookup, conversation) == {json.dumps(greet)}
