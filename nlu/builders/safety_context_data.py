"""Builds data/safety_context.yml: questions from data/nlu.yml with a past condition or a service added as context.

Residents with long-term conditions mention them ("I had a stroke two years ago, which practice…"): the intent is
the question, not the condition. Teaching the classifier that lets the safety net add one safety line to the real
answer instead of taking over (nlu/safety_net.py). The clauses are written here, never taken from tests/.
Usage: python -m nlu.builders.safety_context_data [--per-intent 6]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import yaml

NLU = Path("data/nlu.yml")
OUTPUT = Path("data/safety_context.yml")
SKIP = {"out_of_scope", "emergency", "self_harm", "clinical_advice", "inform", "greet", "goodbye", "nlu_fallback"}
CONTEXT = [
    "i had a stroke last year",
    "my dad had a heart attack two years ago",
    "since my mum's stroke",
    "after my overdose in 2019",
    "i used to self harm",
    "my son had a seizure last month but he's fine now",
    "i collapsed at work a few months ago",
    "i had chest pains last week, all fine now",
    "she choked on her food once years ago",
    "i was bleeding heavily after the birth last year",
    "i was suicidal a few years back",
    "he was unconscious for a minute after a fall last month",
    "i'm a heart attack survivor",
    "my wife has a history of strokes",
    "asking about stroke services",
    "for my dad's stroke rehab",
    "i'm in recovery after a cardiac arrest in 2021",
    "my husband has epilepsy",
]


def stable_order(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def examples_by_intent(path: Path = NLU) -> dict[str, list[str]]:
    found = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block and block["intent"] not in SKIP:
            lines = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")]
            found.setdefault(block["intent"], []).extend(lines)
    return found


def with_context(examples: dict[str, list[str]], per_intent: int) -> dict[str, list[str]]:
    built = {}
    for intent, texts in sorted(examples.items()):
        chosen = sorted(texts, key=stable_order)[:per_intent]
        built[intent] = []
        for text in chosen:
            clause = CONTEXT[int(stable_order(text), 16) % len(CONTEXT)]
            before = int(stable_order(clause + text), 16) % 2 == 0
            built[intent].append(f"{clause}, {text}" if before else f"{text}, {clause}")
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-intent", type=int, default=6)
    args = parser.parse_args()
    built = with_context(examples_by_intent(), args.per_intent)
    lines = [
        "# Generated from data/nlu.yml by nlu/builders/safety_context_data.py: change the generator, not this file.",
        'version: "3.1"',
        "",
        "nlu:",
    ]
    for intent, texts in built.items():
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {t}" for t in texts), ""]
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUTPUT}: {sum(map(len, built.values()))} examples")


if __name__ == "__main__":
    main()
