"""Runs the rasa CLI for evaluation: timed training from scratch, `rasa init`, `rasa test nlu` and cross-validation."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from ops.settings import BIN, ROOT, SERVER_ENV

NO_CACHE = {**SERVER_ENV, "RASA_MAX_CACHE_SIZE": "0"}  # every training run starts from scratch, so times compare


def rasa(args: list[str], log: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    """Runs `rasa <args>`, appending its output to `log`; returns the seconds it took; raises if it failed."""
    log.parent.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with open(log, "ab") as out:
        done = subprocess.run(
            [str(BIN / "rasa"), *args], cwd=cwd, env={**NO_CACHE, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
    if done.returncode:
        raise RuntimeError(f"rasa {' '.join(args)} failed with code {done.returncode}: see {log}")
    return time.monotonic() - began


def train(config: Path, out: Path, name: str, log: Path, env: dict[str, str] | None = None) -> tuple[Path, float]:
    """Trains our data/ and domain.yml with `config` from scratch; returns the model and the seconds it took."""
    seconds = rasa(
        ["train", "--config", str(config), "--out", str(out), "--fixed-model-name", name, "--quiet"], log, env=env
    )
    return out / f"{name}.tar.gz", seconds


def init_bot(folder: Path, log: Path) -> tuple[Path, float]:
    """`rasa init --no-prompt` in `folder`: the template project, trained; returns its model and the seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    seconds = rasa(["init", "--no-prompt", "--init-dir", str(folder)], log, cwd=folder)
    return next((folder / "models").glob("*.tar.gz")), seconds


def intent_figures(report: Path) -> dict[str, float]:
    """Accuracy and macro-/weighted-F1 from a rasa intent_report.json."""
    data = json.loads(report.read_text())
    return {
        "accuracy": data["accuracy"],
        "macro_f1": data["macro avg"]["f1-score"],
        "weighted_f1": data["weighted avg"]["f1-score"],
    }


def test_nlu(model: Path, nlu: Path, out: Path, log: Path) -> dict[str, float]:
    """`rasa test nlu` on a held-out file: rasa's own intent figures."""
    seconds = rasa(["test", "nlu", "--model", str(model), "--nlu", str(nlu), "--out", str(out)], log)
    return {**intent_figures(out / "intent_report.json"), "seconds": seconds}


def cross_validate(config: Path, nlu: Path, out: Path, log: Path, folds: int = 5) -> dict[str, float]:
    """`rasa test nlu --cross-validation`: the intent figures over the test folds."""
    seconds = rasa(
        [
            "test",
            "nlu",
            "--cross-validation",
            "--folds",
            str(folds),
            "--config",
            str(config),
            "--nlu",
            str(nlu),
            "--out",
            str(out),
        ],
        log,
    )
    return {**intent_figures(out / "intent_report.json"), "seconds": seconds, "folds": folds}
