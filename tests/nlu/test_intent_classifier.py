"""The intent classifier's quick probabilities are scikit-learn's own, to the last digit that matters."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.intent_classifier import LinearIntentClassifier

TEXTS = ["phone number for archway", "what was the budget", "practices near n19", "hello there", "ccg spending"]
INTENTS = ["ask_practice_phone", "ask_budget", "ask_practices_in_area", "greet", "ask_budget"]


@pytest.mark.parametrize("intents", [INTENTS, ["a", "b", "a", "b", "a"]], ids=["several intents", "two intents"])
def test_probabilities_match_predict_proba(intents):
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TEXTS)
    classifier = LogisticRegression(C=50, max_iter=3000).fit(vectoriser.transform(TEXTS), intents)
    component = LinearIntentClassifier({}, None, None, parts={"classifier": classifier})
    for text in [*TEXTS, "how much did islington spend", "zzz"]:
        X = vectoriser.transform([text])
        assert np.allclose(component._probabilities(X), classifier.predict_proba(X)[0], rtol=0, atol=1e-12)


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
