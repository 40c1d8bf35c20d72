"""The summary table (reports/summary.md) and the README's "How good is it?" text, from eval.json and bench.json."""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

from measure.quality.goals import EVAL, HELDOUT
from ops.settings import README, REPORTS

RESULTS_START = "<!-- results: written by make eval and make bench (measure/quality/summary.py); do not edit -->"
RESULTS_END = "<!-- end of results -->"


def today() -> str:
    return datetime.date.today().isoformat()


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def fmt_ratio(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "n/a (the other system made no errors)"


def _load(name: str) -> dict:
    path = REPORTS / name
    return json.loads(path.read_text()) if path.exists() else {}


def goals(ev: dict, bench: dict) -> list[tuple[str, str, str, str, bool | None]]:
    """(goal, target, gate in make test, measured, met) for each goal; met is None when not measured yet."""
    rest = ev.get("ours", {}).get("rest", {})
    ratios, ours = bench.get("ratios", {}), bench.get("ours", {})
    train_s = ours.get("train_s", ev.get("ours", {}).get("train_s"))
    checks = (
        ("Held-out intent accuracy", HELDOUT["intent_accuracy"], rest.get("intent_accuracy"), "{:.3f}"),
        ("Practice-entity F1", HELDOUT["practice_f1"], rest.get("practice_f1"), "{:.3f}"),
        ("False-answer rate (OOS)", EVAL["false_answer_rate"], rest.get("false_answer_rate"), "{:.1%}"),
        ("False-refusal rate", EVAL["false_refusal_rate"], rest.get("false_refusal_rate"), "{:.1%}"),
        (
            "Intent error rate vs default config",
            EVAL["intent_error_ratio"],
            ev.get("ratios", {}).get("intent_error"),
            "{:.2f}×",
        ),
        ("Single-user p50 latency vs rasa init bot", EVAL["p50_single_ratio"], ratios.get("p50_single"), "{:.2f}×"),
        (
            "Throughput at 20 concurrent vs rasa init bot",
            EVAL["throughput_c20_ratio"],
            ratios.get("throughput_c20"),
            "{:.2f}×",
        ),
        (
            "… the same, ours with 2 Sanic workers (Redis lock store)",
            EVAL["throughput_c20_ratio"],
            bench.get("ratios_scaled", {}).get("throughput_c20"),
            "{:.2f}×",
        ),
        (
            "… the same, ours with the embedding cache off",
            EVAL["throughput_c20_ratio"],
            bench.get("ratios_uncached", {}).get("throughput_c20"),
            "{:.2f}×",
        ),
        ("Training time", EVAL["train_s"], train_s, "{:.0f} s"),
        ("… retraining, embeddings of unchanged texts cached", EVAL["train_s"], ours.get("retrain_s"), "{:.0f} s"),
        ("Cold start to first answer", EVAL["cold_start_s"], ours.get("cold_start_s"), "{:.1f} s"),
    )
    return [
        (
            name,
            goal.text(form=form),
            goal.text(goal.gate, form) if goal.gate is not None else "not gated",
            form.format(value) if value is not None else "not measured",
            goal.met(value) if value is not None else None,
        )
        for name, goal, value, form in checks
    ]


def table(ev: dict, bench: dict) -> list[str]:
    mark = {True: "met", False: "**not met**", None: "–"}
    lines = ["| Goal | Target | make test fails below | Measured | |", "|---|---|---|---|---|"]
    lines += [
        f"| {name} | {target} | {gate} | {measured} | {mark[met]} |"
        for name, target, gate, measured, met in goals(ev, bench)
    ]
    return lines


def side_by_side(ev: dict, bench: dict) -> list[str]:
    o, d = ev.get("ours", {}).get("rest", {}), ev.get("rasa default", {}).get("rest", {})
    bo, bi = bench.get("ours", {}), bench.get("rasa init", {})
    rows = [
        ("Held-out intent accuracy (REST)", o.get("intent_accuracy"), d.get("intent_accuracy"), "{:.3f}"),
        ("Answers carrying the expected fact", o.get("answer_accuracy"), d.get("answer_accuracy"), "{:.3f}"),
        ("False-answer rate (OOS)", o.get("false_answer_rate"), d.get("false_answer_rate"), "{:.1%}"),
        ("False-refusal rate", o.get("false_refusal_rate"), d.get("false_refusal_rate"), "{:.1%}"),
        ("p50 latency, 1 user (ms)", bo.get("single", {}).get("p50"), bi.get("single", {}).get("p50"), "{:.0f}"),
        (
            "Throughput, 20 users (turns/s)",
            bo.get("c20", {}).get("throughput"),
            bi.get("c20", {}).get("throughput"),
            "{:.1f}",
        ),
        (
            "Training time (s)",
            bo.get("train_s", ev.get("ours", {}).get("train_s")),
            bi.get("train_s", ev.get("rasa default", {}).get("train_s")),
            "{:.0f}",
        ),
        ("Cold start (s)", bo.get("cold_start_s"), bi.get("cold_start_s"), "{:.1f}"),
    ]
    lines = ["| | ours | Rasa default / `rasa init` bot |", "|---|---|---|"]
    for label, a, b, form in rows:
        lines.append(
            f"| {label} | {form.format(a) if a is not None else '–'} | {form.format(b) if b is not None else '–'} |"
        )
    return lines


def write() -> None:
    ev, bench = _load("eval.json"), _load("bench.json")
    dates = ", ".join(f"{name} {data['date']}" for name, data in (("eval", ev), ("bench", bench)) if data)
    body = [*side_by_side(ev, bench), "", *table(ev, bench)]
    (REPORTS / "summary.md").write_text(
        "\n".join(
            [
                "# Summary",
                "",
                f"Latest figures ({dates}; {machine()}). Details: [report.md](report.md) (quality), "
                "[bench.md](bench.md) (speed and size).",
                "",
                *body,
                "",
            ]
        )
    )
    paste_into_readme(
        [
            f"Measured on {dates} on a machine with {machine()}. Quality is measured on held-out messages the bot was "
            "never trained on, through the real servers over REST; an answer counts only when it carries the right "
            'fact. "Rasa default" is Rasa 3.6\'s own default config (what `rasa init` uses) trained on the same '
            "data; the speed anchor is the `rasa init` bot itself.",
            "",
            *body,
            "",
            "Reproduce with `make eval` (quality, about 30 minutes on 2 cores, most of it training Rasa's default "
            "config) and `make bench` (speed, about 10 minutes). "
            "Full reports: [reports/summary.md](reports/summary.md), [reports/report.md](reports/report.md), "
            "[reports/bench.md](reports/bench.md).",
        ]
    )


def paste_into_readme(lines: list[str], readme: Path = README) -> None:
    """Replaces what lies between the README's results markers, so its figures are never edited by hand."""
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(RESULTS_START, 1)
    _, after = rest.split(RESULTS_END, 1)
    readme.write_text("\n".join([before + RESULTS_START, *lines, RESULTS_END + after]), encoding="utf-8")
