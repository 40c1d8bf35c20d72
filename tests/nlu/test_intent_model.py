"""The intent model itself (nlu/intent_model.py), trained here on a few messages, without the sentence model."""

import numpy as np

from nlu import intent_model
from nlu.intent_classifier import LinearIntentClassifier

# A new project's first examples: no word or pair of words is in two of them, so pruning n-grams seen once leaves
# no lemma column at all.
TEXTS = ["hello there", "phone number please", "goodbye now", "opening hours today"]
INTENTS = ["greet", "ask_phone", "goodbye", "ask_hours"]


def test_a_first_handful_of_examples_trains_a_model_that_knows_them():
    config = {**LinearIntentClassifier.get_default_config(), "embedding_weight": 0.0}
    parts = intent_model.fit(config, TEXTS, TEXTS, INTENTS)
    assert parts["lemmas"].min_df == 1  # every n-gram kept when pruning would have left none
    probabilities = intent_model.predict_proba(parts, config, TEXTS, TEXTS)
    assert list(parts["classifier"].classes_[np.argmax(probabilities, axis=1)]) == INTENTS
