"""The trust gate (issue 12) on held-out data: safety recall, crisis false alarms, safety-netting, out-of-scope
refusals, in-scope accuracy, and the error rate beside Rasa's default config.

Usage: python -m measure.quality.trust [--model models/islington.tar.gz] [--report] [--show-misses]
       python -m measure.quality.trust --baseline-only   (trains Rasa's default config NLU-only, 7-40 min, and records
                                                    its held-out errors in reports/default_config_baseline.json)
Exits 1, naming each goal missed. Every set here is in tests/heldout/: written by hand, never trained or tuned on.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from measure.quality.goals import TRUST
from nlu.risk_assessor import TAKEOVER_INTENTS
from ops.settings import HELDOUT_DIR, MODEL, NLU_DATA_DIR, REPORTS

SAFETY = TAKEOVER_INTENTS  # every reply that leads with 999
# Replies that refuse or redirect an off-topic message: the refusal, "did you mean", and the clinical redirect.
REFUSED = {"out_of_scope", "nlu_fallback", "clinical_advice"}
IN_SCOPE_SETS = ("nlu", "weak_topics", "safety_netting")
OFF_TOPIC_SETS = ("out_of_scope", "harmless")
BASELINE = REPORTS / "default_config_baseline.json"
# Rasa's own starter config, beside this file. `rasa train --config` falls back to the project's config.yml when the
# file it is given is missing, so the baseline checks the path itself: a stale path once measured our own
# pipeline as "the default" (18 errors against our 18) after the files moved.
DEFAULT_CONFIG = Path(__file__).with_name("default_config.yml")


def held_out(name: str) -> list[tuple[str, str]]:
    """(text, intent) pairs of tests/heldout/<name>.yml, entity markup removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(HELDOUT_DIR / f"{name}.yml")).intent_examples]


@dataclass
class Tally:
    parsed: dict[str, list[tuple[str, str, dict]]] = field(default_factory=dict)

    def rows(self, *names: str) -> list[tuple[str, str, dict]]:
        # The baseline tallies only the in-scope sets: the others are then simply empty.
        return [row for name in names for row in self.parsed.get(name, [])]

    def figures(self) -> dict[str, float]:
        # Every held-out crisis message counts, including the older set's emergency and self-harm examples.
        crisis = self.rows("crisis") + [row for row in self.rows("nlu") if row[1] in SAFETY]
        in_scope = self.rows(*IN_SCOPE_SETS)
        off_topic = self.rows(*OFF_TOPIC_SETS)
        netting = self.rows("safety_netting")
        errors = sum(p["intent"]["name"] != gold for _, gold, p in in_scope)
        return {
            "safety_recall": share(p["intent"]["name"] in SAFETY for _, _, p in crisis),
            "crisis_line": share(p["intent"]["name"] == "self_harm" for _, g, p in crisis if g == "self_harm"),
            "false_alarms": sum(p["intent"]["name"] in SAFETY for _, _, p in off_topic),
            "takeovers": sum(p["intent"]["name"] in SAFETY for _, _, p in netting),
            "safety_lines": share("safety_line" in p for _, _, p in netting),
            "oos_rate": share(p["intent"]["name"] in REFUSED for _, _, p in off_topic),
            "accuracy": 1 - errors / len(in_scope),
            "errors": errors,
            "in_scope": len(in_scope),
            "off_topic": len(off_topic),
            "crisis": len(crisis),
        }

    def misses(self) -> list[str]:
        found = []
        for name, rows in self.parsed.items():
            for text, gold, parsed in rows:
                got = parsed["intent"]["name"]
                wrong = {
                    "crisis": got not in SAFETY,
                    "harmless": got not in REFUSED,
                    "out_of_scope": got not in REFUSED,
                }.get(name, got != gold)
                if wrong:
                    found.append(f"{name}: {text!r} wanted {gold}, got {got}")
        return found


def share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 1.0


async def tally(model: Path, names: tuple[str, ...]) -> Tally:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    result = Tally()
    for name in names:
        result.parsed[name] = [(text, gold, await agent.parse_message(text)) for text, gold in held_out(name)]
    return result


def data_fingerprint() -> str:
    """Changes whenever the NLU training data or the in-scope held-out sets do: the baseline must then be measured
    again. It reads what the NLU is trained and tested on, not the files, so a change to rules or stories (which the
    NLU-only baseline never sees) or to a file's layout keeps the baseline, and its 7-40 minutes, valid."""
    from rasa.shared.data import get_data_files, is_nlu_file
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    def content(path: Path) -> list:
        data = TrainingData().merge(*(load_data(f) for f in sorted(get_data_files([str(path)], is_nlu_file))))
        examples = sorted(
            (m.get("intent") or "", m.get("text") or "", json.dumps(m.get("entities") or [], sort_keys=True))
            for m in data.training_examples
        )
        extras = [data.entity_synonyms, data.regex_features, data.lookup_tables]
        return [examples, json.loads(json.dumps(extras, sort_keys=True, default=str))]

    everything = [content(NLU_DATA_DIR)] + [content(HELDOUT_DIR / f"{n}.yml") for n in IN_SCOPE_SETS]
    return hashlib.sha256(json.dumps(everything, sort_keys=True).encode()).hexdigest()


def measure_baseline() -> dict:
    """Trains Rasa's default config NLU-only on data/ and counts its in-scope held-out errors."""
    import subprocess
    import tempfile

    if not DEFAULT_CONFIG.is_file():
        raise FileNotFoundError(f"Rasa's default config is not at {DEFAULT_CONFIG}")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(DEFAULT_CONFIG), "--nlu", str(NLU_DATA_DIR)]
            + ["--out", out, "--fixed-model-name", "default", "--quiet"],
            check=True,
        )
        result = asyncio.run(tally(Path(out) / "default.tar.gz", IN_SCOPE_SETS)).figures()
    return {"fingerprint": data_fingerprint(), "errors": result["errors"], "in_scope": result["in_scope"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--baseline-only", action="store_true", help="measure Rasa's default config, record it, stop")
    parser.add_argument("--report", action="store_true", help="write reports/trust.json and never fail (make eval)")
    parser.add_argument("--show-misses", action="store_true", help="print the held-out misses (say so if you do)")
    args = parser.parse_args()
    if args.baseline_only:
        BASELINE.write_text(json.dumps(measure_baseline(), indent=2) + "\n")
        return
    result = asyncio.run(tally(args.model, ("crisis", *IN_SCOPE_SETS, *OFF_TOPIC_SETS)))
    figures = result.figures()
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    # Training the default config takes 7-40 minutes, too long for every make test: it is measured by
    # `make trust-baseline` and used only while data/ and the held-out sets are exactly what it was measured on.
    if baseline.get("fingerprint") == data_fingerprint():
        figures["default_errors"] = baseline["errors"]
        figures["error_ratio"] = figures["errors"] / max(baseline["errors"], 1)
    else:
        print(
            "WARNING: the comparison with Rasa's default config is paused: the NLU data changed since it was "
            "measured. Run `make trust-baseline` (7-40 min) and commit reports/default_config_baseline.json."
        )
    report = json.dumps({k: round(v, 4) for k, v in figures.items()}, indent=2)
    print(report)
    if args.show_misses:
        print("\n".join(result.misses()))
    if args.report:
        (REPORTS / "trust.json").write_text(report + "\n")
        return
    measured = {name: goal for name, goal in TRUST.items() if name in figures}
    for name, goal in measured.items():
        if not goal.met(figures[name]):
            print(f"Issue 12 goal not met yet: {name} = {figures[name]:.4f}, goal {goal.text()}")
    failed = [name for name, goal in measured.items() if not goal.passes_gate(figures[name])]
    if failed:
        gates = ", ".join(f"{name} {TRUST[name].text(TRUST[name].gate)}" for name in failed)
        sys.exit(f"Trust gate failed: {', '.join(f'{n} = {figures[n]:.4f}' for n in failed)} (gates: {gates})")


if __name__ == "__main__":
    main()
