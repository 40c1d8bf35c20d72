"""Finds the rules that fit a conversation with the same result as Rasa's RulePolicy, and less work per turn.

Rasa 3.6's RulePolicy._get_possible_keys filters every learned rule against every state of the conversation, newest
first, through `_is_rule_applicable`, which re-reads the rule from its JSON key and reverses its states again for
each check, and it walks the whole history even once no rule is long enough to be ruled out by an older state.
py-spy put it at 8 % of a Rasa server's samples at 20 concurrent conversations (issue 23), for 138 rule keys.

This does the same checks in the same order, written out from `_is_rule_applicable` (Rasa's own
`_does_rule_match_state` compares the states), with each rule's reversed states kept, and stops once every rule still
standing is no longer than the states already checked, since `_is_rule_applicable` says yes to every later state of
such a rule. tests/server/test_rule_search.py holds it equal to Rasa's method on generated rules and conversations.
Switched on by server.patches.apply(), which checks the Rasa version first.
"""

from __future__ import annotations

import functools

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION

_original = RulePolicy._get_possible_keys


# Bounded as Rasa's own _rule_key_to_state is: the loaded model's rules, a few hundred, plus any a reload brings.
@functools.lru_cache(maxsize=1000)
def reversed_rule_states(rule_key: str) -> tuple[dict, ...]:
    """The rule's states, newest first."""
    return tuple(reversed(RulePolicy._rule_key_to_state(rule_key)))


def get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[dict]) -> set[str]:
    possible = [(key, reversed_rule_states(key)) for key in lookup]
    for turn, state in enumerate(reversed(states)):
        if all(turn >= len(rule) for _, rule in possible):
            break  # `_is_rule_applicable` is true for every remaining rule from here on
        current_previous_action = state.get(PREVIOUS_ACTION)
        kept = []
        for key, rule in possible:
            if turn >= len(rule):
                kept.append((key, rule))
                continue
            rule_previous_action = rule[turn].get(PREVIOUS_ACTION)
            if not rule_previous_action and not current_previous_action:
                kept.append((key, rule))  # both are conversation starts
            elif rule_previous_action and current_previous_action and self._does_rule_match_state(rule[turn], state):
                kept.append((key, rule))
        possible = kept
    return {key for key, _ in possible}


def patch() -> None:
    RulePolicy._get_possible_keys = get_possible_keys
