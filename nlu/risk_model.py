"""The risk assessor's model (nlu/risk_assessor.py): its training examples, its features and the assessment of one
message. Word unigrams and bigrams and character n-grams beside the sentence embedding, then logistic regression;
`make risk-choice` (measure/quality/risk_choice.py) cross-validates this very code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
import yaml
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu import block_logistic, tfidf
from nlu.safety_net import is_not_now, safety_phrase

RISK_DATA_DIR = Path(__file__).with_name("risk_data")
TIERS = ("emergency", "crisis", "danger_others", "urgent", "none")
DANGER_TIERS = ("crisis", "danger_others", "emergency")  # in order of precedence when two are equally likely
# The intents that are themselves a tier (the safety phrases name one too); every other intent is "none".
TIER_OF_INTENT = {"emergency": "emergency", "self_harm": "crisis", "danger_from_others": "danger_others"}


@dataclass(frozen=True)
class Assessment:
    """What the assessor saw in one message: the most likely danger tier, and how likely any danger is."""

    tier: str
    probability: float
    probabilities: dict[str, float]
    phrase_tier: str | None
    not_now: bool
    # The phrase counts on its own: the message is not a question about a condition or a service ("how common is
    # suicide?", "can anxiety cause chest pain?"), which share the phrases.
    phrase_strong: bool = False
    # The whole message is one word: it never takes over (issue 20), whatever the word.
    one_word: bool = False
    # A sign of preparing or saying goodbye (safety_keywords.yml `preparing`): a second sign for a likely crisis.
    preparing: bool = False


def load_risk_examples(directory: Path = RISK_DATA_DIR) -> list[tuple[str, str]]:
    """(text, tier) pairs from every file in nlu/risk_data/: `messages` with a tier, and `negatives`, which
    are all "none"."""
    examples = []
    for path in sorted(directory.glob("*.yml")):
        # libyaml's loader (PyYAML's C binding): the same documents, ten times quicker than the pure-Python one on
        # these 5,000 wordings, at every training.
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for item in document.get("messages") or []:
            if item.get("tier") not in TIERS:
                raise ValueError(f"{path.name}: {item.get('text')!r} has no tier among {TIERS}")
            examples.append((item["text"], item["tier"]))
        # A negative is its text, or {text, kind} where the writer said what kind of look-alike it is.
        examples.extend((n["text"] if isinstance(n, dict) else n, "none") for n in document.get("negatives") or [])
    return examples


def training_examples(training_data: TrainingData, extra: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Texts and tiers: the intent data's (its safety intents as their tiers, the rest as none), then `extra`.
    A text written twice keeps its first tier, so the tiers written for the risk data never fight the intents."""
    seen: dict[str, str] = {}
    for message in training_data.intent_examples:
        text = message.get(TEXT)
        if text:
            seen.setdefault(text, TIER_OF_INTENT.get(message.get(INTENT), "none"))
    for text, tier in extra:
        seen.setdefault(text, tier)
    return list(seen), list(seen.values())


# The n-gram vectorisers, in the order of their columns: the same for training and for prediction.
NGRAMS = ("words", "chars")


def fit(texts: list[str], embeddings: np.ndarray, tiers: list[str], C: float) -> dict[str, Any]:
    """Word unigrams and bigrams and character n-grams beside the sentence embedding, then logistic regression (fitted
    block by block, nlu/block_logistic.py). The embedding carries the meaning across wordings; the words carry the few
    that decide ("took", "now", "knife"); the character n-grams carry the spellings the sentence model splits into
    pieces it has no meaning for: slang and misspellings ("unalive", "kms"), medicine names ("co-codamol"). Chosen by
    make risk-choice over the embedding alone, an MLP and an RBF SVM on it (reports/risk_choice.md). The character
    n-grams were added on 7 Dec (ninth session): over the seen blind sets' English messages and the held-out sets,
    with as many harmless messages above the threshold (10), they put 1,956 of 2,037 dangers above it against 1,944
    without them; with 5, 1,941 against 1,880."""
    parts = {
        "words": TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    }
    columns = scipy.sparse.hstack([tfidf.fit_transform(parts[name], texts) for name in NGRAMS], format="csr")
    parts["model"] = block_logistic.fit(columns, embeddings, tiers, C=C, max_iter=3000)
    return parts


def ngrams(parts: dict[str, Any], texts: list[str]) -> scipy.sparse.csr_matrix:
    """The n-gram columns: words, then characters."""
    return scipy.sparse.hstack([tfidf.transform(parts[name], texts) for name in NGRAMS], format="csr")


def probabilities(parts: dict[str, Any], texts: list[str], embeddings: np.ndarray) -> np.ndarray:
    """Each text's tier probabilities, in the order of parts["model"].classes_ (block_logistic.predict_proba)."""
    return block_logistic.predict_proba(parts["model"], [ngrams(parts, texts), embeddings])


def dangers(parts: dict[str, Any], texts: list[str], embeddings: np.ndarray) -> np.ndarray:
    """How likely each text is to show any danger now: its danger tiers' probabilities added up (danger_of)."""
    columns = [list(parts["model"].classes_).index(tier) for tier in DANGER_TIERS]
    return probabilities(parts, texts, embeddings)[:, columns].sum(axis=1)


def danger_of(probabilities: dict[str, float]) -> float:
    """How likely one message is to show any danger now, from its tier probabilities: as dangers() adds them up."""
    return sum(probabilities.get(tier, 0.0) for tier in DANGER_TIERS)


def probabilities_of(parts: dict[str, Any], text: str, embedding: np.ndarray) -> dict[str, float]:
    row = probabilities(parts, [text], embedding.reshape(1, -1))[0]
    return {str(tier): float(p) for tier, p in zip(parts["model"].classes_, row, strict=True)}


def assess(parts: dict[str, Any], embedding: np.ndarray, text: str, patterns: dict, asks_something: bool) -> Assessment:
    probabilities = probabilities_of(parts, text, embedding)
    # The most likely danger tier names the reply; how likely any danger is decides whether it takes over.
    tier = max(DANGER_TIERS, key=lambda t: probabilities.get(t, 0.0))
    phrase = safety_phrase(text, patterns)
    return Assessment(
        tier=tier,
        probability=danger_of(probabilities),
        probabilities={k: round(v, 4) for k, v in probabilities.items()},
        phrase_tier=TIER_OF_INTENT[phrase[0]] if phrase else None,
        not_now=is_not_now(text, patterns, asks_something=asks_something),
        phrase_strong=bool(phrase) and not patterns["asks_about"].search(text),
        one_word=len(text.split()) <= 1,
        preparing=bool(patterns["preparing"].search(text)),
    )
