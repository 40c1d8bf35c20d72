"""The risk model's own features (nlu/risk_model.py), without the sentence model: what the n-grams alone carry."""

import numpy as np

from nlu.risk_model import DANGER_TIERS, dangers, fit

CRISIS = [
    "i want to unalive myself tonight",
    "thinking about unaliving again",
    "gonna unalive tbh",
    "unalive thoughts all day",
    "i will unalive myself after work",
    "planning to unalive this weekend",
]
NONE = [
    "what time does the surgery open",
    "can i book a flu jab",
    "phone number for my gp please",
    "how do i order a repeat prescription",
    "is the practice open on saturday",
    "where is the nearest pharmacy",
]
URGENT = ["earache since last night", "burns when i pee", "sprained my ankle", "ran out of my inhaler"]
EMERGENCY = ["my dad collapsed and is not breathing", "chest pain going down my arm", "she swallowed bleach"]
DANGER = ["he is hitting me right now", "my ex is at the door with a knife", "the neighbour is beating his child"]


def test_a_slang_spelling_the_training_never_had_reads_as_the_danger_of_its_near_spellings():
    """ "unaliv" is in none of the training's words, so a word model reads it as nothing; its character n-grams are
    shared with the crisis wordings ("unalive", "unaliving")."""
    written = {"crisis": CRISIS, "none": NONE, "urgent": URGENT, "emergency": EMERGENCY, "danger_others": DANGER}
    texts = [text for wordings in written.values() for text in wordings]
    tiers = [tier for tier, wordings in written.items() for _ in wordings]
    no_meaning = np.zeros((len(texts), 8), np.float32)  # the sentence embedding's block, left empty here
    model = fit(texts, no_meaning, tiers, C=30.0)
    assert set(DANGER_TIERS) <= set(model["model"].classes_)
    slang, ordinary = dangers(model, ["unaliv me pls", "opening hours pls"], np.zeros((2, 8), np.float32))
    assert slang > 0.5 > ordinary
