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

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rasa.shared.importers.importer import TrainingDataImporter

from measure.quality import safety_blind, understanding_blind
from nlu.risk_model import load_risk_examples, training_examples
from ops.settings import NLU_DATA_DIR

CLOSE = 85


@dataclass(frozen=True)
class Overlap:
    messages: int
    exact: int
    close: int  # exact ones included


def training_wordings() -> list[str]:
    """The texts the risk model trains on, read as make risk-choice reads them: data/'s intent examples (Rasa's
    importer, entity markup removed) and the risk wordings. The intent classifier's texts are among them."""
    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(NLU_DATA_DIR)])
    return training_examples(importer.get_nlu_data(), load_risk_examples())[0]


def blind_texts() -> dict[str, list[str]]:
    """Each frozen set's messages or turns, read by its evaluator (which checks the set's hash)."""
    sets = {f"safety-{name}": [m["text"] for m in safety_blind.load_set(name)] for name in safety_blind.SETS}
    for name in understanding_blind.SETS:
        items = understanding_blind.load_set(name)
        sets[f"understanding-{name}"] = [turn["text"] for item in items for turn in item["turns"]]
    return sets


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
    for name, texts in blind_texts().items():
        found = overlap(texts, training)
        print(f"| {name} | {found.messages} | {found.exact} | {found.close} |")


if __name__ == "__main__":
    main()
