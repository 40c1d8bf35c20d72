"""The held-out NLU gate: intent accuracy and practice-entity F1 on tests/heldout/nlu.yml.

Usage: python -m measure.quality.heldout [--model models/islington.tar.gz] [--min-accuracy 0.97] [--min-f1 0.97]
Exits 1, printing the confusions, when either figure is below its minimum.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from measure.quality.goals import HELDOUT as HELDOUT_GOALS
from ops.settings import HELDOUT_DIR, MODEL

HELDOUT = HELDOUT_DIR / "nlu.yml"
ENTITY = "practice"  # the entity the gate scores: residents ask about practices far more than anything else


@dataclass
class Scores:
    total: int = 0
    correct: int = 0
    entity_tp: int = 0
    entity_fp: int = 0
    entity_fn: int = 0
    confusions: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def add(
        self, text: str, gold: str, predicted: str, confidence: float, gold_entities: list, found_entities: list
    ) -> None:
        """Counts one message: its intent (nlu_fallback is wrong: the resident got no answer) and its practice spans."""
        self.total += 1
        if predicted == gold:
            self.correct += 1
        else:
            self.confusions[(gold, predicted)] += 1
            self.misses.append((text, gold, predicted, round(confidence or 0, 2)))
        wanted, found = spans(gold_entities, ENTITY), spans(found_entities, ENTITY)
        self.entity_tp += len(wanted & found)
        self.entity_fp += len(found - wanted)
        self.entity_fn += len(wanted - found)
        if wanted != found:
            self.misses.append((text, f"{ENTITY} {sorted(wanted)}", f"found {sorted(found)}", ""))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        found = self.entity_tp + self.entity_fp
        return self.entity_tp / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.entity_tp + self.entity_fn
        return self.entity_tp / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def spans(entities: list[dict], label: str) -> set[tuple[int, int]]:
    return {(e["start"], e["end"]) for e in entities or [] if e["entity"] == label}


async def score(model: Path, data: Path) -> Scores:
    import logging

    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # structlog otherwise logs every parse at debug level
    agent = Agent.load(str(model))
    scores = Scores()
    for example in load_data(str(data)).intent_examples:
        text, gold = example.get("text"), example.get("intent")
        parsed = await agent.parse_message(text)
        intent = parsed["intent"]
        scores.add(text, gold, intent["name"], intent.get("confidence"), example.get("entities"), parsed["entities"])
    return scores


def report(scores: Scores) -> str:
    lines = [
        f"held-out messages: {scores.total}",
        f"intent accuracy: {scores.accuracy:.3f}",
        f"practice entity precision {scores.precision:.3f}, recall {scores.recall:.3f}, F1 {scores.f1:.3f}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--data", type=Path, default=HELDOUT)
    parser.add_argument("--min-accuracy", type=float, default=HELDOUT_GOALS["intent_accuracy"].gate)
    parser.add_argument("--min-f1", type=float, default=HELDOUT_GOALS["practice_f1"].gate)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    scores = asyncio.run(score(args.model, args.data))
    print(report(scores))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "messages": scores.total,
                    "intent_accuracy": scores.accuracy,
                    "practice_precision": scores.precision,
                    "practice_recall": scores.recall,
                    "practice_f1": scores.f1,
                },
                indent=2,
            )
        )
    passed = scores.accuracy >= args.min_accuracy and scores.f1 >= args.min_f1
    if not passed or "-v" in sys.argv:
        print("\nconfusions (expected -> predicted: count):")
        for (gold, predicted), count in scores.confusions.most_common():
            print(f"  {gold} -> {predicted}: {count}")
        print("\nmisses:")
        for miss in scores.misses:
            print("  ", *miss, sep=" | ")
    if not passed:
        print(f"\nFAILED: needs intent accuracy >= {args.min_accuracy} and practice F1 >= {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
