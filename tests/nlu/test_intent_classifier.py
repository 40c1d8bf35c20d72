"""What the intent classifier sets on a message: its intent, its ranking and the embedding it used."""

import numpy as np
import pytest

from nlu.intent_classifier import LinearIntentClassifier

TEXTS = ["phone number for archway", "what was the budget", "practices near n19", "hello there", "ccg spending"]
INTENTS = ["ask_practice_phone", "ask_budget", "ask_practices_in_area", "greet", "ask_budget"]


def test_the_message_carries_the_embedding_the_classifier_used():
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from nlu.intent_model import fit
    from nlu.sentence_encoder import EMBEDDING_PROPERTY, encoder

    config = {**LinearIntentClassifier.get_default_config(), "embedding_weight": 2.0}
    component = LinearIntentClassifier(config, None, None, parts=fit(config, TEXTS, TEXTS, INTENTS))
    message = Message(data={TEXT: "What was the budget"})
    component.process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "ask_budget"
    assert np.allclose(message.get(EMBEDDING_PROPERTY), encoder().encode(["what was the budget"])[0], atol=1e-6)
    assert EMBEDDING_PROPERTY not in message.as_dict(only_output_properties=True)


def ranked(text: str, *ranking: tuple[str, float]):
    from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={TEXT: text})
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence} for name, confidence in ranking])
    return message


def test_a_message_split_between_two_questions_is_answered_for_both():
    component = LinearIntentClassifier(LinearIntentClassifier.get_default_config(), None, None)
    text = "a sick note for work and my records in the app"
    message = ranked(text, ("ask_fit_note", 0.55), ("ask_records", 0.35), ("ask_budget", 0.05))
    whole = {"start": 0, "end": len(text)}
    assert component._runner_up(message, []) == [
        {"intent": "ask_fit_note", "confidence": 0.55, **whole},
        {"intent": "ask_records", "confidence": 0.35, **whole},
    ]
    # A clause that asked the message's own intent already: only the runner-up is added.
    asked = [{"intent": "ask_fit_note", "confidence": 0.9, "start": 0, "end": 24}]
    assert [q["intent"] for q in component._runner_up(message, asked)] == ["ask_records"]


@pytest.mark.parametrize(
    "ranking",
    [
        (("ask_fit_note", 0.85), ("ask_records", 0.1)),  # the runner-up is unlikely
        (("ask_fit_note", 0.6), ("greet", 0.3)),  # the runner-up is no question
        (("out_of_scope", 0.6), ("ask_records", 0.3)),  # the message itself asks nothing we answer
    ],
)
def test_an_unlikely_or_unanswerable_runner_up_adds_nothing(ranking):
    component = LinearIntentClassifier(LinearIntentClassifier.get_default_config(), None, None)
    assert component._runner_up(ranked("a sick note for work and my records", *ranking), []) == []
