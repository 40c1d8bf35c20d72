"""A question is added in five places; these tests name the one forgotten (docs/development.md, "A new question")."""

from __future__ import annotations

import pytest
import yaml

from facts import load_facts
from ops.settings import DOMAIN, HELDOUT_DIR, NLU_DATA_DIR

TOPIC_ACTION = "action_answer_topic"
MIN_TRAINING_EXAMPLES = 10  # fewer and the classifier can't learn the question in residents' many wordings


def intents_with_examples(path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "intent" in block:
            lines = [line for line in block.get("examples", "").splitlines() if line.strip().startswith("- ")]
            counts[block["intent"]] = counts.get(block["intent"], 0) + len(lines)
    return counts


def routed_to(action: str | None = None) -> set[str]:
    """Intents whose rule answers them with `action` (any action if None), whether listed in an `or:` or alone."""
    intents = set()
    for rule in yaml.safe_load((NLU_DATA_DIR / "rules.yml").read_text(encoding="utf-8"))["rules"]:
        steps = rule["steps"]
        if action and {"action": action} not in steps:
            continue
        for step in steps:
            intents |= {s["intent"] for s in step.get("or", []) if "intent" in s}
            if "intent" in step:
                intents.add(step["intent"])
    return intents


TOPICS = sorted(t.key for t in load_facts().topics)
TRAINING = {}
for nlu_file in sorted(NLU_DATA_DIR.glob("*.yml")):
    for intent, count in intents_with_examples(nlu_file).items():
        TRAINING[intent] = TRAINING.get(intent, 0) + count
HELDOUT = intents_with_examples(HELDOUT_DIR / "nlu.yml")
DOMAIN_INTENTS = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["intents"])
TOPIC_RULE = routed_to(TOPIC_ACTION)
ROUTED = routed_to()


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_an_intent_examples_held_out_examples_and_a_rule(topic):
    assert topic in DOMAIN_INTENTS, f"add `- {topic}` to the intents in domain.yml"
    assert TRAINING.get(topic, 0) >= MIN_TRAINING_EXAMPLES, (
        f"give {topic} at least {MIN_TRAINING_EXAMPLES} examples in data/nlu.yml"
    )
    assert HELDOUT.get(topic, 0) >= 1, (
        f"write held-out examples of {topic} in tests/heldout/nlu.yml (never train on them)"
    )
    # Most topics go to action_answer_topic; a few (ask_partner) are worded by an action of their own.
    assert topic in ROUTED, f"add `- intent: {topic}` to the `or:` of the topic rule in data/rules.yml"


def test_every_intent_answered_from_a_topic_has_one():
    assert TOPIC_RULE - set(TOPICS) == set(), (
        "these intents go to action_answer_topic but facts/data/topics.yml lacks them"
    )


def test_each_unconditioned_routing_is_stated_once():
    """A routing written twice is one a later edit can change in one place and not the other."""
    seen: dict[str, str] = {}
    for rule in yaml.safe_load((NLU_DATA_DIR / "rules.yml").read_text(encoding="utf-8"))["rules"]:
        if rule.get("condition") or rule.get("conversation_start"):
            continue  # a rule for a particular moment (e.g. after "which practice?") may route an intent again
        for step in rule["steps"]:
            for intent in [s["intent"] for s in step.get("or", []) if "intent" in s] + [step.get("intent")]:
                if intent:
                    assert intent not in seen, f"{intent} is routed by both {seen[intent]!r} and {rule['rule']!r}"
                    seen[intent] = rule["rule"]
