"""A keyword safety net: messages about emergencies or self-harm get those intents, whatever was predicted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

KEYWORDS_FILE = Path(__file__).with_name("safety_keywords.yml")
SAFETY_INTENTS = ("self_harm", "emergency")  # in order of precedence


def load_patterns(path: Path = KEYWORDS_FILE) -> dict[str, re.Pattern]:
    phrases = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        intent: re.compile("|".join(f"(?:{p})" for p in phrases[intent]), re.IGNORECASE) for intent in SAFETY_INTENTS
    }


def safety_intent(text: str, patterns: dict[str, re.Pattern]) -> str | None:
    """The safety intent whose phrases the text contains, self-harm first."""
    return next((intent for intent in SAFETY_INTENTS if patterns[intent].search(text or "")), None)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent):
    """Runs last in the NLU pipeline, so it overrides both the classifier and the fallback."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(load_patterns())

    def __init__(self, patterns: dict[str, re.Pattern]) -> None:
        self.patterns = patterns

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            caught = safety_intent(message.get(TEXT), self.patterns)
            # A classifier's self_harm outranks a keyword emergency: "took an overdose on purpose".
            if caught and predicted not in SAFETY_INTENTS[: SAFETY_INTENTS.index(caught) + 1]:
                message.set(INTENT, {INTENT_NAME_KEY: caught, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
        return messages

    def process_training_data(self, training_data):
        return training_data
