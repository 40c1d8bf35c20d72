"""make bench-encoder: the sentence model's cost per message, by intra-op threads, weights and cache, in one run.

Each figure is the median of rounds that take turns, so a neighbour's load falls on all of them alike. The int8
model is built here (nlu/builders/encoder_graph.py's quantisation) only to be measured; its cosine to the float model is
printed beside it, because the project keeps it only if every vector stays at 0.99 or above.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from nlu.sentence_encoder import SentenceEncoder, encode_with_disk_cache
from ops.settings import NLU_DATA_DIR

MESSAGES = [
    "what is the phone number for the archway practice please",
    "how do I register with a GP?",
    "hi",
    "who runs the ccg",
    "where is the nearest A&E",
    "practices near POSTCODE",
    "I need help with my mental health",
    "thanks, bye",
]


def per_message_ms(model: SentenceEncoder, messages: list[str], repeat: int) -> float:
    began = time.perf_counter()
    for i in range(repeat):
        model.encode([messages[i % len(messages)]])
    return (time.perf_counter() - began) / repeat * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    from nlu.builders.encoder_graph import float_model, quantised

    with tempfile.TemporaryDirectory() as tmp:
        int8 = Path(tmp) / "int8.onnx"
        int8.write_bytes(quantised(float_model(), Path(tmp)))
        models = {
            "float32, 1 thread (the project's)": SentenceEncoder(cache_size=0),
            "float32, 2 threads": SentenceEncoder(threads=2, cache_size=0),
            "int8, 1 thread": SentenceEncoder(int8, cache_size=0, check=False),
            "float32, 1 thread, every text cached": SentenceEncoder(),
        }
        reference = models["float32, 1 thread (the project's)"].encode(MESSAGES)
        cosines = (models["int8, 1 thread"].encode(MESSAGES) * reference).sum(axis=1)
        timings: dict[str, list[float]] = {name: [] for name in models}
        for _ in range(args.rounds):
            for name, model in models.items():
                timings[name].append(per_message_ms(model, MESSAGES, args.repeat))
    print(f"one message at a time, {len(MESSAGES)} messages in turn, median of {args.rounds} rounds of {args.repeat}:")
    for name, values in timings.items():
        print(f"  {name:40s} {np.median(values):7.3f} ms/message (fastest round {min(values):.3f})")
    print(f"  int8 against float32: lowest cosine {cosines.min():.4f} on these messages")
    from rasa.shared.nlu.training_data.loading import load_data

    texts = []
    for path in sorted(NLU_DATA_DIR.glob("*.yml")):
        try:
            texts += [m.get("text") for m in load_data(str(path)).intent_examples]
        except ValueError:  # stories and rules, no NLU examples
            continue
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("cold", "warm"):
            began = time.perf_counter()
            encode_with_disk_cache(texts, Path(tmp) / "cache.npz")
            print(f"training set, {len(texts)} texts, disk cache {label}: {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
