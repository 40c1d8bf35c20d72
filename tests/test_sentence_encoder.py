"""The NumPy run of all-MiniLM-L6-v2 gives the model's published similarities, and refuses weights that aren't it."""

import shutil

import numpy as np
import pytest

from nlp.sentence_encoder import SentenceEncoder, encoder, model_dir

# The similarities sentence-transformers publishes for all-MiniLM-L6-v2 in its README's usage example (cosine of
# the two sentences' embeddings, to four places). A mistake anywhere in the forward pass moves them.
PUBLISHED = [
    ("The new movie is awesome", "The new movie is so great", 0.8939),
    ("The cat sits outside", "The cat plays in the garden", 0.6788),
    ("I love pasta", "Do you like pizza?", 0.5096),
    ("A man is playing guitar", "A woman watches TV", -0.0327),
]


def test_similarities_are_the_published_ones():
    vectors = encoder().encode([text for first, second, _ in PUBLISHED for text in (first, second)])
    found = [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(PUBLISHED))]
    assert np.allclose(found, [expected for *_, expected in PUBLISHED], atol=6e-5)


def test_a_batch_gives_what_each_message_gives_alone():
    texts = ["hi", "what is the phone number for the archway practice please", "who runs the ccg", ""]
    together = encoder().encode(texts)
    alone = np.stack([encoder().encode([text])[0] for text in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_tampered_weights_are_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    weights = bytearray((copy / "model.safetensors").read_bytes())
    weights[-1] ^= 1
    (copy / "model.safetensors").write_bytes(bytes(weights))
    with pytest.raises(ValueError, match="not the published all-MiniLM-L6-v2"):
        SentenceEncoder(copy)
