"""all-MiniLM-L6-v2 on onnxruntime gives the model's published similarities and the vectors the NumPy forward pass
gave, refuses a model file that isn't the pinned one, and caches by text without changing an answer."""

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from nlu import sentence_encoder
from nlu.sentence_encoder import SentenceEncoder, encode_with_disk_cache, encoder
from ops.settings import ENCODER_MODEL

# The similarities sentence-transformers publishes for all-MiniLM-L6-v2 in its README's usage example (cosine of
# the two sentences' embeddings, to four places). A mistake anywhere in the graph moves them.
PUBLISHED = [
    ("The new movie is awesome", "The new movie is so great", 0.8939),
    ("The cat sits outside", "The cat plays in the garden", 0.6788),
    ("I love pasta", "Do you like pizza?", 0.5096),
    ("A man is playing guitar", "A woman watches TV", -0.0327),
]
# Residents' questions, names masked as the classifier masks them, typos, crisis wordings, off-topic, other
# scripts, the empty message and one past the 128-token cut, each with the vector that the hand-written NumPy
# forward pass (nlu/sentence_encoder.py before issue 23, commit ec2c134) gave for it.
REFERENCE = Path(__file__).parent / "data" / "encoder_reference.npz"


def test_similarities_are_the_published_ones():
    vectors = encoder().encode([text for first, second, _ in PUBLISHED for text in (first, second)])
    found = [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(PUBLISHED))]
    assert np.allclose(found, [expected for *_, expected in PUBLISHED], atol=6e-5)


def test_each_vector_is_the_numpy_forward_pass_one():
    with np.load(REFERENCE) as reference:
        texts, expected = reference["texts"].tolist(), reference["vectors"]
    found = SentenceEncoder(cache_size=0).encode(texts)
    cosines = (found * expected).sum(axis=1)
    assert {text: round(float(c), 4) for text, c in zip(texts, cosines, strict=True) if c < 0.99} == {}


def test_a_batch_gives_what_each_message_gives_alone():
    texts = ["hi", "what is the phone number for the archway practice please", "who runs the ccg", ""]
    model = SentenceEncoder(cache_size=0)
    together = model.encode(texts)
    alone = np.stack([model.encode([text])[0] for text in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_a_tampered_model_is_refused(tmp_path):
    copy = tmp_path / "model.onnx"
    shutil.copy(ENCODER_MODEL, copy)
    data = bytearray(copy.read_bytes())
    data[-1] ^= 1
    copy.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="not the graph `make encoder` builds"):
        SentenceEncoder(copy)


def test_the_cache_gives_what_the_model_gives_and_stays_bounded():
    uncached, cached = SentenceEncoder(cache_size=0), SentenceEncoder(cache_size=2)
    texts = ["hi", "who runs the ccg", "hi", "phone for PRACTICE"]
    first = cached.encode(texts)
    first[:] = 0  # a caller writing into its answer must not change the cached vectors
    assert np.allclose(cached.encode(texts), uncached.encode(texts), atol=1e-6)
    for text in ("who runs the ccg", "hi", "thanks"):  # "hi" is used again, so "who runs the ccg" is the one to go
        cached.encode([text])
    assert list(cached._recent) == ["hi", "thanks"]


def test_training_vectors_are_kept_on_disk_and_reused(tmp_path, monkeypatch):
    cache_file = tmp_path / "embeddings.npz"
    texts = ["how do I register", "who runs the ccg", "how do I register"]
    first = encode_with_disk_cache(texts, cache_file)
    assert np.allclose(first, encoder().encode(texts), atol=1e-6)

    class NoModel:
        def encode(self, texts):
            raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr(sentence_encoder, "encoder", lambda: NoModel())
    assert np.array_equal(encode_with_disk_cache(texts[::-1], cache_file), first[::-1])


def test_an_unreadable_disk_cache_is_rebuilt(tmp_path):
    cache_file = tmp_path / "embeddings.npz"
    cache_file.write_bytes(b"not a numpy file")
    found = encode_with_disk_cache(["hello"], cache_file)
    assert np.allclose(found, encoder().encode(["hello"]), atol=1e-6)
    assert np.array_equal(encode_with_disk_cache(["hello"], cache_file), found)


def test_a_large_training_batch_is_encoded_on_every_core_with_the_same_vectors(tmp_path):
    texts = [f"how do I register with practice number {i}" for i in range(sentence_encoder.BATCH_THREADED_FROM)]
    assert sentence_encoder.training_encoder(len(texts)).session.get_session_options().intra_op_num_threads == (
        os.cpu_count() or 1
    )
    found = encode_with_disk_cache(texts, tmp_path / "embeddings.npz")
    assert np.allclose(found, SentenceEncoder(cache_size=0).encode(texts), atol=1e-5)
