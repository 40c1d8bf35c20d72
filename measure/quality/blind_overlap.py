"""How many messages of each blind set coincide with a training wording, counted without printing any of them.

Usage: python -m measure.quality.blind_overlap

The helpers who write the blind sets never see data/ or nlu/risk_data/, but short and common phrasings ("and the
address?", "what is a CCG") can still match a training wording by chance. Such a message measures recall of a
wording the model was trained on, not of a new one, so the closing notes say how many there are. Only counts are
printed: printing the messages would make the sets seen (tests/blind/README.md).

Exact: equal after rapidfuzz's default processing (lower case, punctuation and extra spaces removed). Close: a
rapidfuzz ratio of 85 or more, the bar used when new training wordings are checked against the test sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from nlu.risk_model import load_risk_examples
from ops.settings import NLU_DATA_DIR, ROOT

BLIND_DIR = ROOT / "tests" / "blind"
CLOSE = 85
EXAMPLE_LINE = re.compile(r"^\s*-\s+(.+)$")
ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")


@dataclass(frozen=True)
class Overlap:
    messages: int
    exact: int
    close: int  # exact ones included


def training_wordings(data_dir: Path = NLU_DATA_DIR) -> list[str]:
    """Every example line of data/*.yml (entity markup removed) and every risk wording."""
    wordings = []
    for path in sorted(data_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                found = EXAMPLE_LINE.match(line)
                if found:
                    wordings.append(ENTITY.sub(r"\1", found.group(1)))
    return wordings + [text for text, _ in load_risk_examples()]


def blind_texts(path: Path) -> list[str]:
    """A safety set's messages or an understanding set's turns."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages = [m["text"] for m in document.get("messages") or []]
    return messages + [turn["text"] for item in document.get("items") or [] for turn in item["turns"]]


def overlap(texts: Iterable[str], training: Iterable[str]) -> Overlap:
    known = [utils.default_process(t) for t in training]
    known_set = set(known)
    exact = close = messages = 0
    for text in texts:
        messages += 1
        processed = utils.default_process(text)
        exact += processed in known_set
        best = process.extractOne(processed, known, scorer=fuzz.ratio, processor=None, score_cutoff=CLOSE)
        close += best is not None
    return Overlap(messages, exact, close)


def main() -> None:
    training = training_wordings()
    print(f"{len(training)} training wordings")
    print("| set | messages or turns | equal to a training wording | within a ratio of 85 |")
    print("|---|---|---|---|")
    for path in sorted(BLIND_DIR.glob("*.yml")):
        found = overlap(blind_texts(path), training)
        print(f"| {path.stem} | {found.messages} | {found.exact} | {found.close} |")


if __name__ == "__main__":
    main()
