"""A message that is only a practice's name, however misspelt ("junktion medical"), is `inform`, not off-topic.

The out-of-scope examples from CLINC150 make short unknown words look off-topic; the facts know better.
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
UNSURE = ("out_of_scope", "nlu_fallback")


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
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if predicted not in UNSURE or not 0 < len(text.split()) <= MAX_WORDS or text.startswith("/"):
                continue
            found = load_facts().find_practices(text)
            if len(found) == 1:
                message.set(INTENT, {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                if not message.get(ENTITIES):
                    entity = {"entity": "practice", "value": text, "start": 0, "end": len(text)}
                    message.set(ENTITIES, [{**entity, "extractor": "PracticeNameOnly"}], add_to_output=True)
        return messages

    def process_training_data(self, training_data):
        return training_data
