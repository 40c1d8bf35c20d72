"""A message that is only a practice's name, however misspelt ("junktion medical"), is `inform` about that practice.

The out-of-scope examples from CLINC150 make short unknown words look off-topic, and a misspelt name can look like
a greeting ("archwey") or like `inform` with no name found in it; the facts know better.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from facts import load_facts

MAX_WORDS = 4  # longer messages say more than a name
UNSURE = ("out_of_scope", "nlu_fallback", "inform")  # `inform` without a practice found is unsure of the name
UNSURE_BELOW = 0.5  # below this, the classifier's guess gives way to the facts reading the words as one name


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PracticeNameOnly(GraphComponent):
    """Runs after the fallback and before the safety net, which still has the last word."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PracticeNameOnly:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = (message.get(TEXT) or "").strip()
            intent = message.get(INTENT) or {}
            unsure = intent.get(INTENT_NAME_KEY) in UNSURE or intent.get(PREDICTED_CONFIDENCE_KEY, 0) < UNSURE_BELOW
            named = any(entity.get("entity") == "practice" for entity in message.get(ENTITIES) or [])
            if not unsure or named or not 0 < len(text.split()) <= MAX_WORDS or text.startswith("/"):
                continue
            found = load_facts().find_practices(text)
            if len(found) == 1:
                message.set(INTENT, {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                entity = {"entity": "practice", "value": text, "start": 0, "end": len(text)}
                others = message.get(ENTITIES) or []
                message.set(ENTITIES, [*others, {**entity, "extractor": "PracticeNameOnly"}], add_to_output=True)
        return messages

    def process_training_data(self, training_data):
        return training_data
