"""skops.io imported through nlu/skops_import.py trusts the same types, and a trained intent classifier saved and
loaded through it answers as before."""

import json
import subprocess
import sys

import pytest

from nlu.intent_classifier import LinearIntentClassifier

# Run in a fresh process with Rasa's server modules loaded, as in `rasa run` and `rasa train`: the order of
# sys.modules there is what whichmodule searches, and skops.io must not have been imported before the patch.
PROBE = """
import importlib.util, json, sys
import numpy as np, scipy.special
import rasa.core.agent
from nlu.skops_import import skops_io, whichmodule
skops_io()
import skops.io._trusted_types as trusted
import skops.io._utils as utils
spec = importlib.util.spec_from_file_location("skops.io._unpatched_utils", utils.__file__)
unpatched = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = unpatched
spec.loader.exec_module(unpatched)
ufuncs = [getattr(m, a) for m in (np, scipy.special) for a in dir(m) if isinstance(getattr(m, a), np.ufunc)]
print(json.dumps({
    "patched": utils.whichmodule is whichmodule,
    "ufuncs": len(ufuncs),
    "same_modules": all(whichmodule(u, u.__name__) == unpatched.whichmodule(u, u.__name__) for u in ufuncs),
    "trusted_scipy": trusted.SCIPY_UFUNC_TYPE_NAMES == unpatched.get_public_type_names(scipy.special, np.ufunc),
    "trusted_numpy": trusted.NUMPY_UFUNC_TYPE_NAMES == unpatched.get_public_type_names(np, np.ufunc),
}))
"""


def test_skops_trusts_the_same_types_when_imported_through_the_patch():
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["patched"]
    assert found["ufuncs"] > 300  # NumPy's and scipy.special's, so the comparison covers real objects
    assert found["same_modules"]
    assert found["trusted_scipy"] and found["trusted_numpy"]


def test_a_saved_intent_classifier_loads_and_answers_the_same(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    texts = ["phone number for archway", "what was the budget", "practices near n19", "hello there", "ccg spending"]
    intents = ["ask_practice_phone", "ask_budget", "ask_practices_in_area", "greet", "ask_budget"]
    config = {**LinearIntentClassifier.get_default_config(), "embedding_weight": 0.0}
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = LinearIntentClassifier.create(config, storage, resource, context)
    examples = [Message(data={TEXT: t, INTENT: i}) for t, i in zip(texts, intents, strict=True)]
    trained.train(TrainingData(training_examples=examples))
    loaded = LinearIntentClassifier.load(config, storage, resource, context)

    for text in ("what did the ccg spend", "hi", "number for archway surgery"):
        before, after = Message(data={TEXT: text}), Message(data={TEXT: text})
        trained.process([before])
        loaded.process([after])
        assert after.get(INTENT)[INTENT_NAME_KEY] == before.get(INTENT)[INTENT_NAME_KEY]
        assert after.get(INTENT)["confidence"] == pytest.approx(before.get(INTENT)["confidence"])
