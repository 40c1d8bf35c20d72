"""Held-out evaluation messages are never in the training data, after normalising case, whitespace and markup."""

import re
from pathlib import Path

import yaml

from ops.settings import HELDOUT_DIR, NLU_DATA_DIR

HELDOUT = sorted(HELDOUT_DIR.glob("*.yml"))
ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def examples(path: Path) -> set[str]:
    found = set()
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            if line.strip().startswith("- "):
                found.add(" ".join(ENTITY.sub(r"\1", line.strip()[2:]).lower().split()))
    return found


def training_examples() -> set[str]:
    return set().union(*(examples(path) for path in NLU_DATA_DIR.glob("*.yml")))


def test_held_out_sets_are_big_enough_to_mean_something():
    minimum = {
        "nlu": 200,
        "out_of_scope": 150,
        "crisis": 60,
        "harmless": 300,
        "safety_netting": 100,
        "weak_topics": 100,
    }
    sizes = {path.stem: len(examples(path)) for path in HELDOUT}
    assert all(sizes.get(name, 0) >= size for name, size in minimum.items()), sizes


def test_no_held_out_message_is_in_the_training_data():
    training = training_examples()
    for path in HELDOUT:
        overlap = examples(path) & training
        assert not overlap, f"{path.name} shares {len(overlap)} messages with data/: {sorted(overlap)[:5]}"
