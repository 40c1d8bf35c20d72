"""The intent classifier's model, apart from the Rasa component that runs it (nlu/intent_classifier.py): the text it
reads from a message, the TF-IDF vectorisers and logistic regression it trains, and the features of a batch of texts.
measure/quality/classifier_choice.py cross-validates this very code."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import scipy.sparse
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu import block_logistic, tfidf

ALL_ENTITIES = ("practice", "partner", "postcode")


def features_text(
    message: Message, masked: Collection[str] = ALL_ENTITIES, span: tuple[int, int] | None = None
) -> tuple[str, str]:
    """The message's text and its lemmas, with the names of the entity types in `masked` replaced by their label;
    only the characters in `span` when given (one clause of the message)."""
    doc = message.get(SPACY_DOCS[TEXT])
    start, end = span or (0, len(message.get(TEXT) or ""))
    if doc is None:
        text = (message.get(TEXT) or "")[start:end].lower()
        return text, text
    words, lemmas = [], []
    for token in doc:
        if not start <= token.idx < end:
            continue
        is_masked = token.ent_type_ in masked
        if is_masked and token.ent_iob_ == "I":
            continue
        is_name = is_masked and token.ent_iob_ == "B"
        words.append((token.ent_type_.upper() if is_name else token.text) + token.whitespace_)
        lemmas.append(token.ent_type_.upper() if is_name else token.lemma_ or token.text)
    text = "".join(words)
    return (text.strip() if span else text), " ".join(lemmas)


def fit(
    config: dict[str, Any],
    texts: list[str],
    lemma_texts: list[str],
    intents: list[str],
    embeddings: np.ndarray | None = None,
) -> dict[str, Any]:
    """The vectorisers and the classifier, trained. measure/quality/classifier_choice.py cross-validates this very code,
    passing embeddings it has computed once for every fold."""
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=tuple(config["char_ngram_range"]),
        sublinear_tf=True,
        lowercase=True,
        min_df=config["min_df"],
    )
    lemmas = TfidfVectorizer(
        analyzer="word",
        ngram_range=tuple(config["lemma_ngram_range"]),
        sublinear_tf=True,
        token_pattern=r"\S+",
        min_df=config["min_df"],
    )
    parts = {"chars": chars, "lemmas": lemmas}
    sparse = scipy.sparse.hstack([_fit_pruned(chars, texts), _fit_pruned(lemmas, lemma_texts)])
    dense = embedding_block(config, texts, embeddings)
    parts["classifier"] = block_logistic.fit(
        sparse, dense, intents, C=config["C"], max_iter=config["max_iter"], tol=config["tol"]
    )
    return parts


def _fit_pruned(vectoriser: TfidfVectorizer, texts: list[str]) -> scipy.sparse.csr_matrix:
    """Fits the vectoriser with its min_df, or with every n-gram kept when so little data leaves none after pruning (a
    new project's first few examples, a test's handful); returns the texts' columns."""
    try:
        return tfidf.fit_transform(vectoriser, texts)
    except ValueError:
        return tfidf.fit_transform(vectoriser.set_params(min_df=1), texts)


def ngram_blocks(parts: dict[str, Any], texts: list[str], lemma_texts: list[str]) -> list[scipy.sparse.spmatrix]:
    return [tfidf.transform(parts["chars"], texts), tfidf.transform(parts["lemmas"], lemma_texts)]


def embedding_block(config: dict[str, Any], texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
    """The texts' sentence embeddings (encoded here unless given), scaled by their weight; no columns when it is 0."""
    if not config["embedding_weight"]:
        return np.empty((len(texts), 0))
    if embeddings is None:
        from nlu.sentence_encoder import encoder

        embeddings = encoder().encode(texts)
    return embeddings * config["embedding_weight"]


def predict_proba(
    parts: dict[str, Any],
    config: dict[str, Any],
    texts: list[str],
    lemma_texts: list[str],
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """Each text's intent probabilities, in the order of parts["classifier"].classes_ (block_logistic.predict_proba)."""
    blocks = [*ngram_blocks(parts, texts, lemma_texts), embedding_block(config, texts, embeddings)]
    return block_logistic.predict_proba(parts["classifier"], blocks)
