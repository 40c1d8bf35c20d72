"""make eval: our bot beside Rasa's default config, over REST and `rasa test nlu`, into reports/report.md and PNGs.

Usage: python -m measure.quality.quality_report [--model models/islington.tar.gz] [--cv-default]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from measure.quality import plots, rasa_cli, summary
from measure.quality.heldout import HELDOUT
from measure.quality.rest_eval import OUT_OF_SCOPE, RestScores, Turn, ask_all, load_turns, score
from ops.servers import BotServers
from ops.settings import EVAL_PORTS, MODEL, REPORTS
from privacy.redact import redact

OURS, DEFAULT = "ours", "rasa default"


def over_rest(model: Path, ports: tuple[int, int], workdir: Path) -> list[Turn]:
    """Every held-out and out-of-scope message, each in a fresh conversation, through both real servers."""
    turns = load_turns(HELDOUT, OUT_OF_SCOPE)
    with BotServers(workdir, model, ports, enable_api=True) as servers:
        asyncio.run(ask_all(servers.url, turns))
    return turns


def figures(turns: list[Turn], scores: RestScores) -> dict:
    gold, predicted = [t.gold for t in turns], [t.predicted for t in turns]
    i = scores.intents
    return {
        "intent_accuracy": i.accuracy,
        "intent_errors": i.total - i.correct,
        "in_scope": i.total,
        "macro_f1": plots.macro_f1(gold, predicted),
        "answer_accuracy": scores.answer_accuracy,
        "practice_precision": i.precision,
        "practice_recall": i.recall,
        "practice_f1": i.f1,
        "false_refusal_rate": scores.false_refusal_rate,
        "false_refusals": scores.false_refusals,
        "false_answer_rate": scores.false_answer_rate,
        "false_answers": scores.false_answers,
        "oos": scores.oos,
        "oos_safety": scores.oos_safety,
        "oos_intent_accuracy": scores.oos_intent_right / scores.oos if scores.oos else 0.0,
    }


def ratio(ours: float, default: float) -> float | None:
    return ours / default if default else None


def evaluate(model: Path, work: Path, cv_default: bool) -> tuple[dict, dict[str, list[Turn]]]:
    logs = work / "logs"
    results: dict = {OURS: {}, DEFAULT: {}}
    print("training both configs from scratch (timed) ...", flush=True)
    _, results[OURS]["train_s"] = rasa_cli.train(Path("config.yml"), work / "ours", "ours", logs / "train-ours.log")
    default_model, results[DEFAULT]["train_s"] = rasa_cli.train(
        Path("measure/quality/default_config.yml"), work / "default", "default", logs / "train-default.log"
    )
    models = {OURS: model, DEFAULT: default_model}
    turns: dict[str, list[Turn]] = {}
    for system, system_model in models.items():
        print(f"{system}: rasa test nlu, then every message over REST ...", flush=True)
        results[system]["rasa_test_nlu"] = rasa_cli.test_nlu(
            system_model, HELDOUT, work / f"test-{system}", logs / f"test-{system}.log"
        )
        turns[system] = over_rest(system_model, EVAL_PORTS[system], work / f"rest-{system}")
        results[system]["rest"] = figures(turns[system], score(turns[system]))
    print("five-fold cross-validation on data/nlu.yml ...", flush=True)
    results[OURS]["cv"] = rasa_cli.cross_validate(
        Path("config.yml"), Path("data/nlu.yml"), work / "cv-ours", logs / "cv-ours.log"
    )
    if cv_default:
        results[DEFAULT]["cv"] = rasa_cli.cross_validate(
            Path("measure/quality/default_config.yml"),
            Path("data/nlu.yml"),
            work / "cv-default",
            logs / "cv-default.log",
        )
    ours, default = results[OURS]["rest"], results[DEFAULT]["rest"]
    results["ratios"] = {
        "intent_error": ratio(1 - ours["intent_accuracy"], 1 - default["intent_accuracy"]),
        "false_answer": ratio(ours["false_answer_rate"], default["false_answer_rate"]),
    }
    return results, turns


def draw(turns: dict[str, list[Turn]]) -> None:
    for system, system_turns in turns.items():
        slug = "ours" if system == OURS else "default"
        plots.plot_confusion(
            [t.gold for t in system_turns],
            [t.predicted for t in system_turns],
            f"{system}: intents over REST (held-out + out-of-scope)",
            REPORTS / f"confusion-{slug}.png",
        )
    plots.plot_confidence(
        {
            s: (
                [t.confidence for t in ts if t.predicted == t.gold],
                [t.confidence for t in ts if t.predicted != t.gold],
            )
            for s, ts in turns.items()
        },
        REPORTS / "confidence.png",
    )
    plots.plot_f1(
        {s: plots.per_intent_f1([t.gold for t in ts], [t.predicted for t in ts]) for s, ts in turns.items()},
        REPORTS / "f1-per-intent.png",
    )


ROWS = (
    ("Intent accuracy, held-out (REST)", "rest", "intent_accuracy", "{:.3f}"),
    ("Intent macro-F1, held-out + OOS (REST)", "rest", "macro_f1", "{:.3f}"),
    ("Answer carries the expected fact (REST)", "rest", "answer_accuracy", "{:.3f}"),
    ("Practice entity precision", "rest", "practice_precision", "{:.3f}"),
    ("Practice entity recall", "rest", "practice_recall", "{:.3f}"),
    ("Practice entity F1", "rest", "practice_f1", "{:.3f}"),
    ("False-refusal rate (in-scope got the fallback)", "rest", "false_refusal_rate", "{:.1%}"),
    ("False-answer rate (OOS got an answer)", "rest", "false_answer_rate", "{:.1%}"),
    ("OOS given a safety reply (acceptable)", "rest", "oos_safety", "{}"),
    ("OOS intent predicted out_of_scope/fallback", "rest", "oos_intent_accuracy", "{:.3f}"),
    ("`rasa test nlu` accuracy, held-out", "rasa_test_nlu", "accuracy", "{:.3f}"),
    ("`rasa test nlu` macro-F1, held-out", "rasa_test_nlu", "macro_f1", "{:.3f}"),
    ("5-fold CV accuracy, data/nlu.yml", "cv", "accuracy", "{:.3f}"),
    ("5-fold CV macro-F1, data/nlu.yml", "cv", "macro_f1", "{:.3f}"),
)


def cell(results: dict, system: str, section: str, key: str, form: str) -> str:
    value = results[system].get(section, {}).get(key) if section else results[system].get(key)
    return form.format(value) if value is not None else "not run"


def misses(turns: list[Turn]) -> list[str]:
    lines = ["| message | expected intent | predicted | reply starts |", "|---|---|---|---|"]
    for t in turns:
        wrong = (t.in_scope and not t.right) or (not t.in_scope and t.kind == "answer")
        if wrong:
            # Redacted like everything else the project writes down (docs/privacy.md).
            reply = redact(t.reply[:70].replace(chr(10), " "))
            lines.append(f"| {redact(t.text)} | {t.gold} | {t.predicted} | {reply} |")
    return lines


def markdown(results: dict, turns: dict[str, list[Turn]], took_s: float) -> str:
    ours = results[OURS]
    lines = [
        "# How well the assistant understands and answers",
        "",
        f"Generated by `make eval` on {summary.machine()} in {took_s / 60:.1f} min. Held-out set: "
        f"{ours['rest']['in_scope']} in-scope messages (`{HELDOUT}`); out-of-scope set: {ours['rest']['oos']} "
        f"messages (`{OUT_OF_SCOPE}`); neither is ever trained on. Each message is sent to the real Rasa server and "
        "action server over REST as a new conversation; the predicted intent and entities are read back from the "
        "tracker. An answer is right only when the reply carries the expected fact (the practice's phone number "
        "or postcode, the topic's answer, the safety wording), not merely when the intent matches. nlu_fallback "
        "counts as a wrong intent. The anchor is Rasa 3.6's default config (`measure/quality/default_config.yml`, what "
        "`rasa init` trains with) trained on the same data and domain and served with the same actions.",
        "",
        f"| | {OURS} | {DEFAULT} |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {cell(results, OURS, *row)} | {cell(results, DEFAULT, *row)} |" for label, *row in ROWS]
    lines += [f"| Training time from scratch (s) | {ours['train_s']:.0f} | {results[DEFAULT]['train_s']:.0f} |", ""]
    r = results["ratios"]
    lines += [
        "## Ours against the default config",
        "",
        f"- intent error rate ratio (ours / default): **{summary.fmt_ratio(r['intent_error'])}** (goal ≤ 0.5)",
        f"- false-answer rate ratio (ours / default): **{summary.fmt_ratio(r['false_answer'])}**",
        "",
        "`rasa test nlu` scores the classifier alone and, unlike the REST figures, takes the best intent "
        "under nlu_fallback, so its accuracy can be higher than the REST one.",
        "",
    ]
    if "cv" not in results[DEFAULT]:
        lines += [
            "Cross-validation of the default config is skipped by default (five DIET trainings take "
            "about 8 minutes here); `python -m measure.quality.quality_report --cv-default` runs it.",
            "",
        ]
    lines += [
        "## Plots",
        "",
        "![confusion matrix, ours](confusion-ours.png)",
        "",
        "![confusion matrix, default](confusion-default.png)",
        "",
        "![confidence of right and wrong predictions](confidence.png)",
        "",
        "![per-intent F1](f1-per-intent.png)",
        "",
        "## Our wrong answers and false answers",
        "",
        *misses(turns[OURS]),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--cv-default", action="store_true", help="also cross-validate the default config")
    args = parser.parse_args()
    began = time.monotonic()
    REPORTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eval-") as work:
        results, turns = evaluate(args.model, Path(work), args.cv_default)
    draw(turns)
    results["date"], results["machine"] = summary.today(), summary.machine()
    (REPORTS / "eval.json").write_text(json.dumps(results, indent=2))
    (REPORTS / "report.md").write_text(markdown(results, turns, time.monotonic() - began))
    summary.write()
    print((REPORTS / "summary.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
