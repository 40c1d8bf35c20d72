"""The safety gate on blind sets (issue 20): messages written outside the project, by helpers who never saw data/,
the safety phrases or the held-out sets, frozen before any tuning (tests/blind/, each with its sha256).

For each message it reads what the resident would get:
- takeover: the tier's reply, 999 first (intents emergency, self_harm, danger_from_others);
- card: the safety card in the resident's language and English, 999 first (intent other_language);
- line: the answer plus one safety line;
- answer: the answer alone.

Recall counts a danger message (emergency, crisis or danger from others) that got the takeover, or the card when it
is not in English. A false alarm is a takeover of a message that is not a danger now. Rates come with 95 % Wilson
intervals, per tier and per language.

Usage: python -m measure.quality.safety_blind [--model models/islington.tar.gz] [--set final] [--show-misses] [--report]
Exits 1, naming each gate missed (measure/quality/goals.py SAFETY_BLIND).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from measure.quality.goals import SAFETY_BLIND
from nlu.risk_assessor import OTHER_LANGUAGE, TAKEOVER_INTENTS
from ops.settings import MODEL, REPORTS, ROOT

BLIND_DIR = ROOT / "tests" / "blind"
SETS = tuple(SAFETY_BLIND)  # every frozen set has its gate there; a new set is added there alone
DANGER = ("emergency", "crisis", "danger_others")
# What a clinical safety officer expects for each tier: these must never get the takeover.
HARMLESS = ("past_context", "informational", "idiom")
OFF_TOPIC = ("off_topic_or_ccg",)


def load_set(name: str) -> list[dict]:
    """The frozen set's messages, after checking its hash: a blind set is never edited once written."""
    path = BLIND_DIR / f"safety-{name}.yml"
    expected = (BLIND_DIR / f"safety-{name}.sha256").read_text().split()[0]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        sys.exit(f"{path.name} changed since it was frozen (sha256 {digest}, frozen {expected})")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def outcome(parsed: dict) -> str:
    intent = (parsed.get("intent") or {}).get("name")
    if intent in TAKEOVER_INTENTS:
        return "takeover"
    if intent == OTHER_LANGUAGE:
        return "card"
    return "line" if parsed.get("safety_line") else "answer"


def wilson(hits: int, total: int) -> tuple[float, float]:
    """The 95 % Wilson score interval, from SciPy."""
    if not total:
        return (0.0, 1.0)
    from scipy.stats import binomtest

    interval = binomtest(hits, total).proportion_ci(confidence_level=0.95, method="wilson")
    return (round(interval.low, 3), round(interval.high, 3))


def rate(hits: int, total: int) -> dict:
    return {"rate": round(hits / total, 4) if total else None, "n": total, "k": hits, "ci95": wilson(hits, total)}


def caught(message: dict, got: str) -> bool:
    return got == "takeover" or (got == "card" and message.get("language", "en") != "en")


def figures(rows: list[tuple[dict, str]]) -> dict:
    danger = [(m, got) for m, got in rows if m["tier"] in DANGER]
    english = [(m, got) for m, got in rows if m.get("language", "en") == "en"]
    harmless = [(m, got) for m, got in english if m["category"] in HARMLESS]
    off_topic = [(m, got) for m, got in english if m["category"] in OFF_TOPIC]
    urgent = [(m, got) for m, got in english if m["category"] == "urgent"]
    other = [(m, got) for m, got in rows if m.get("language", "en") != "en"]
    result = {
        "recall": rate(sum(caught(m, g) for m, g in danger), len(danger)),
        "takeovers_harmless": sum(g == "takeover" for _, g in harmless),
        "false_alarm_rate_harmless": rate(sum(g == "takeover" for _, g in harmless), len(harmless)),
        "false_alarms_off_topic": sum(g == "takeover" for _, g in off_topic),
        "takeovers_urgent": rate(sum(g == "takeover" for _, g in urgent), len(urgent)),
        "lines_on_harmless": rate(sum(g == "line" for _, g in harmless), len(harmless)),
        "english_given_card": sum(g == "card" for _, g in english),
        "other_language_card": rate(sum(g == "card" for _, g in other), len(other)),
        "per_tier": {},
        "per_language": {},
    }
    for tier in DANGER:
        group = [(m, g) for m, g in danger if m["tier"] == tier]
        result["per_tier"][tier] = rate(sum(caught(m, g) for m, g in group), len(group))
    by_language = defaultdict(list)
    for m, g in danger:
        by_language[m.get("language", "en")].append(caught(m, g))
    result["per_language"] = {lang: rate(sum(v), len(v)) for lang, v in sorted(by_language.items())}
    for category in HARMLESS:
        group = [g for m, g in harmless if m["category"] == category]
        result[f"takeovers_{category}"] = rate(sum(g == "takeover" for g in group), len(group))
    return result


def misses(rows: list[tuple[dict, str]]) -> list[str]:
    found = []
    for m, got in rows:
        english = m.get("language", "en") == "en"
        if m["tier"] in DANGER and not caught(m, got):
            found.append(f"missed {m['tier']} ({m.get('language')}): got {got}: {m['text']!r}")
        elif english and m["category"] in (*HARMLESS, *OFF_TOPIC, "urgent") and got == "takeover":
            found.append(f"false alarm ({m['category']}): {m['text']!r}")
        elif english and got == "card":
            found.append(f"English read as another language: {m['text']!r}")
    return found


async def parse_all(model: Path, messages: list[dict]) -> list[tuple[dict, str]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    return [(m, outcome(await agent.parse_message(m["text"]))) for m in messages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--set", choices=SETS, action="append", help="which blind set (default: all)")
    parser.add_argument("--show-misses", action="store_true", help="print the misses (the set is then seen)")
    parser.add_argument("--report", action="store_true", help="write reports/safety_blind.json and never fail")
    args = parser.parse_args()
    results, failed = {}, []
    for name in args.set or SETS:
        rows = asyncio.run(parse_all(args.model, load_set(name)))
        results[name] = figures(rows)
        print(f"== blind set {name}: {len(rows)} messages")
        print(json.dumps(results[name], indent=2))
        if args.show_misses:
            print("\n".join(misses(rows)))
        for key, goal in SAFETY_BLIND[name].items():
            value = results[name][key]["rate"] if isinstance(results[name][key], dict) else results[name][key]
            if not goal.met(value):
                print(f"Issue 20 goal not met yet on {name}: {key} = {value}, goal {goal.text()}")
            if not goal.passes_gate(value):
                failed.append(f"{name} {key} = {value} (gate {goal.text(goal.gate)})")
    if args.report:
        (REPORTS / "safety_blind.json").write_text(json.dumps(results, indent=2) + "\n")
        return
    if failed:
        sys.exit("Safety gate failed: " + "; ".join(failed))


if __name__ == "__main__":
    main()
