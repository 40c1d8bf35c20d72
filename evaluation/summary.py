"""The summary table (reports/summary.md) and the README's "How good is it?" text, from eval.json and bench.json."""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

from service.paths import README, REPORTS

RESULTS_START = "<!-- results: written by make eval and make bench (evaluation/summary.py); do not edit -->"
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


def goals(ev: dict, bench: dict) -> list[tuple[str, str, str, bool | None]]:
    """(goal, target, measured, met) for each of the issue's goals; met is None when not measured yet."""
    rest = ev.get("ours", {}).get("rest", {})
    ratios, ours = bench.get("ratios", {}), bench.get("ours", {})
    train_s = ours.get("train_s", ev.get("ours", {}).get("train_s"))
    checks = (
        ("Held-out intent accuracy", "≥ 0.97", rest.get("intent_accuracy"), lambda v: v >= 0.97, "{:.3f}"),
        ("Practice-entity F1", "≥ 0.97", rest.get("practice_f1"), lambda v: v >= 0.97, "{:.3f}"),
        ("False-answer rate (OOS)", "≤ 5 %", rest.get("false_answer_rate"), lambda v: v <= 0.05, "{:.1%}"),
        ("False-refusal rate", "≤ 3 %", rest.get("false_refusal_rate"), lambda v: v <= 0.03, "{:.1%}"),
        (
            "Intent error rate vs default config",
            "≤ 0.5×",
            ev.get("ratios", {}).get("intent_error"),
            lambda v: v <= 0.5,
            "{:.2f}×",
        ),
        ("Single-user p50 latency vs rasa init bot", "≤ 0.5×", ratios.get("p50_single"), lambda v: v <= 0.5, "{:.2f}×"),
        (
            "Throughput at 20 concurrent vs rasa init bot",
            "≥ 3×",
            ratios.get("throughput_c20"),
            lambda v: v >= 3,
            "{:.2f}×",
        ),
        (
            "… the same, ours with 2 Sanic workers (Redis lock store)",
            "≥ 3×",
            bench.get("ratios_scaled", {}).get("throughput_c20"),
            lambda v: v >= 3,
            "{:.2f}×",
        ),
        ("Training time", "≤ 60 s", train_s, lambda v: v <= 60, "{:.0f} s"),
        ("Cold start to first answer", "≤ 20 s", ours.get("cold_start_s"), lambda v: v <= 20, "{:.1f} s"),
    )
    return [
        (
            name,
            target,
            form.format(value) if value is not None else "not measured",
            test(value) if value is not None else None,
        )
        for name, target, value, test, form in checks
    ]


def table(ev: dict, bench: dict) -> list[str]:
    mark = {True: "met", False: "**not met**", None: "–"}
    lines = ["| Goal | Target | Measured | |", "|---|---|---|---|"]
    lines += [f"| {name} | {target} | {measured} | {mark[met]} |" for name, target, measured, met in goals(ev, bench)]
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
            "Reproduce with `make eval` (quality, about 10 minutes) and `make bench` (speed, about 10 minutes). "
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
