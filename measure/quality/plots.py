"""The evaluation's PNG plots: confusion matrix, confidence histogram and per-intent F1, with matplotlib."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix, f1_score  # noqa: E402


def labels_of(gold: list[str], predicted: list[str]) -> list[str]:
    return sorted(set(gold) | set(predicted))


def per_intent_f1(gold: list[str], predicted: list[str]) -> dict[str, float]:
    labels = sorted(set(gold))
    return dict(zip(labels, f1_score(gold, predicted, labels=labels, average=None, zero_division=0), strict=True))


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0))


def plot_confusion(gold: list[str], predicted: list[str], title: str, path: Path) -> None:
    labels = labels_of(gold, predicted)
    matrix = confusion_matrix(gold, predicted, labels=labels)
    fig, ax = plt.subplots(figsize=(14, 12))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for (row, col), count in np.ndenumerate(matrix):
        if count:
            ax.text(
                col, row, str(count), ha="center", va="center", fontsize=6, color="white" if row == col else "darkred"
            )
    ax.set(xlabel="predicted", ylabel="expected", title=title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_confidence(runs: dict[str, tuple[list[float], list[float]]], path: Path) -> None:
    """runs: system -> (confidences of right predictions, of wrong ones)."""
    fig, axes = plt.subplots(1, len(runs), figsize=(6 * len(runs), 4), squeeze=False)
    bins = np.linspace(0, 1, 21)
    for ax, (system, (right, wrong)) in zip(axes[0], runs.items(), strict=True):
        ax.hist(right, bins=bins, alpha=0.6, label=f"right ({len(right)})", color="tab:green")
        ax.hist(wrong, bins=bins, alpha=0.8, label=f"wrong ({len(wrong)})", color="tab:red")
        ax.set(title=f"{system}: intent confidence", xlabel="confidence", ylabel="messages")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_f1(runs: dict[str, dict[str, float]], path: Path) -> None:
    """runs: system -> intent -> F1, drawn as grouped horizontal bars."""
    intents = sorted(next(iter(runs.values())))
    height = 0.8 / len(runs)
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(intents) + 1.5))
    for i, (system, f1) in enumerate(runs.items()):
        ax.barh(np.arange(len(intents)) + i * height, [f1.get(k, 0) for k in intents], height, label=system)
    ax.set_yticks(np.arange(len(intents)) + height * (len(runs) - 1) / 2, intents, fontsize=7)
    ax.invert_yaxis()
    ax.set(xlim=(0, 1.05), xlabel="F1 (held-out + out-of-scope, over REST)", title="Per-intent F1")
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
