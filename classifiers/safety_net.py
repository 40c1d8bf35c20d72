"""The safety net: an emergency or crisis happening now gets 999, and nothing else gets the crisis takeover.

Three checks, run after the classifier and the fallback:
- a safety phrase (safety_keywords.yml) about now takes over whatever was predicted: recall comes first;
- a safety phrase that is plainly not about now (a past event, a service, the CCG) never takes over: the
  resident gets the real answer, and the actions add one safety line ("If this is happening now, call 999.");
- the classifier's own safety guess stands only when it is confident: "I'd like a cup of tea now" must not
  get the crisis reply because it starts like "I'd like to end it".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

KEYWORDS_FILE = Path(__file__).with_name("safety_keywords.yml")
SAFETY_INTENTS = ("self_harm", "emergency")  # in order of precedence
CONTEXT_CHECKS = ("not_now", "past_if_asking", "happening_now")
FALLBACK_INTENT = "nlu_fallback"
# The message property the actions read to add one safety line after their answer (see actions/actions.py).
SAFETY_LINE = "safety_line"
SAFETY_LINE_RESPONSES = {"self_harm": "utter_safety_line_self_harm", "emergency": "utter_safety_line_emergency"}


def load_patterns(path: Path = KEYWORDS_FILE) -> dict[str, re.Pattern]:
    phrases = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: re.compile("|".join(f"(?:{p})" for p in phrases[name]), re.IGNORECASE)
        for name in SAFETY_INTENTS + CONTEXT_CHECKS
    }


def safety_intent(text: str, patterns: dict[str, re.Pattern]) -> str | None:
    """The safety intent whose phrases the text contains, self-harm first."""
    return next((intent for intent in SAFETY_INTENTS if patterns[intent].search(text or "")), None)


def is_not_now(text: str, patterns: dict[str, re.Pattern], asks_something: bool = True) -> bool:
    """True when the text is plainly about the past, a service or another sense of the word, and not about now.

    The weaker signs of the past ("had a stroke") count only when the message also asks something we answer.
    """
    text = text or ""
    if patterns["happening_now"].search(text):
        return False
    return bool(patterns["not_now"].search(text)) or (asks_something and bool(patterns["past_if_asking"].search(text)))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent):
    """Runs last in the NLU pipeline, so it overrides both the classifier and the fallback."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # min_confidence: the classifier's safety guess without a safety phrase must be at least this sure.
        # fallback_threshold: a demoted guess's runner-up below this becomes nlu_fallback, as FallbackClassifier
        # would have made it. Both chosen on training data and CLINC150's validation split, never held-out data.
        return {"min_confidence": 0.5, "fallback_threshold": 0.3}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(load_patterns(), {**cls.get_default_config(), **config})

    def __init__(self, patterns: dict[str, re.Pattern], config: dict[str, Any] | None = None) -> None:
        self.patterns = patterns
        self.config = {**self.get_default_config(), **(config or {})}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.check(message)
        return messages

    def check(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        intent = message.get(INTENT) or {}
        predicted = intent.get(INTENT_NAME_KEY)
        caught = safety_intent(text, self.patterns)
        # A real question alongside weak signs of the past spares the message; strong signs always do. "My dad had
        # a stroke, his face is drooping" asks nothing else, so it still gets 999.
        question = self.real_question(message)
        not_now = is_not_now(text, self.patterns, asks_something=question is not None)
        if caught and not not_now:
            # A classifier's self_harm outranks a keyword emergency: "took an overdose on purpose".
            if predicted not in SAFETY_INTENTS[: SAFETY_INTENTS.index(caught) + 1]:
                message.set(INTENT, {INTENT_NAME_KEY: caught, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
            return
        if caught:
            message.set(SAFETY_LINE, SAFETY_LINE_RESPONSES[caught], add_to_output=True)
        if predicted in SAFETY_INTENTS and (
            not_now or (intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self.config["min_confidence"]
        ):
            self.demote(message)

    def real_question(self, message: Message) -> dict | None:
        """The classifier's best guess other than a safety intent, if it is a confident in-scope question."""
        best = self.best_other(message)
        if best[INTENT_NAME_KEY] in (FALLBACK_INTENT, "out_of_scope"):
            return None
        return best if best[PREDICTED_CONFIDENCE_KEY] >= self.config["fallback_threshold"] else None

    @staticmethod
    def best_other(message: Message) -> dict:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] not in SAFETY_INTENTS]
        ranking = [r for r in ranking if r[INTENT_NAME_KEY] != FALLBACK_INTENT] or ranking
        return ranking[0] if ranking else {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 0.0}

    def demote(self, message: Message) -> None:
        """Replace a safety guess by the best other intent, or by the fallback when that is unsure."""
        best = self.best_other(message)
        if best[PREDICTED_CONFIDENCE_KEY] < self.config["fallback_threshold"]:
            best = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0 - best[PREDICTED_CONFIDENCE_KEY]}
        message.set(INTENT, dict(best), add_to_output=True)

    def process_training_data(self, training_data):
        return training_data
