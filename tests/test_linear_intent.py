"""The intent classifier's quick probabilities are scikit-learn's own, to the last digit that matters."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from classifiers.linear_intent import LinearIntentClassifier

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
