"""Choose the risk assessor's regularisation and thresholds by 5-fold cross-validation on its training data.

The blind sets (tests/blind/) are never used here. For each C, the out-of-fold probabilities give, per threshold:
the recall of each danger tier (a takeover on the meaning alone) and the share of harmless messages (the intent
data's other intents, the risk data's "none" tier and the public health questions) that would be taken over.
The rule: the C and takeover threshold with the highest danger recall that take over at most 0.5 % of the harmless
messages; the signal threshold (a safety line) at most 5 %.

Usage: python -m evaluation.risk_choice   (writes reports/risk_choice.md; a few minutes)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from service.paths import NLU_DATA_DIR, REPORTS, ROOT

CACHE = ROOT / "build" / "risk" / "embeddings.npz"
CS = (10.0, 30.0, 100.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MAX_TAKEOVERS, MAX_LINES = 0.005, 0.05


def embed(texts: list[str], cache: Path = CACHE) -> np.ndarray:
    """Embeddings by text, kept between runs under build/ (the choice is rerun as data grows)."""
    from nlp.sentence_encoder import encoder

    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    stored = dict(np.load(cache)) if cache.exists() else {}
    missing = [t for t, k in zip(texts, keys, strict=True) if k not in stored]
    if missing:
        for k, v in zip([keys[texts.index(t)] for t in missing], encoder().encode(missing), strict=True):
            stored[k] = v
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, **stored)
    return np.stack([stored[k] for k in keys])


def out_of_fold(texts: np.ndarray, X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, list[str]]:
    from sklearn.model_selection import StratifiedKFold

    from classifiers.risk import features, fit

    classes = sorted(set(y))
    probabilities = np.zeros((len(y), len(classes)))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
        parts = fit(list(texts[train]), X[train], list(y[train]), C)
        probabilities[test] = parts["model"].predict_proba(features(parts["words"], list(texts[test]), X[test]))
    return probabilities, classes


def main() -> None:
    from rasa.shared.importers.importer import TrainingDataImporter

    from classifiers.risk import DANGER_TIERS, load_risk_examples, training_examples

    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(NLU_DATA_DIR)])
    texts, tiers = training_examples(importer.get_nlu_data(), load_risk_examples())
    y = np.array(tiers)
    X = embed(texts)
    counts = {t: int((y == t).sum()) for t in sorted(set(tiers))}
    rows, best = [], None
    for C in CS:
        probabilities, classes = out_of_fold(np.array(texts), X, y, C)
        danger = probabilities[:, [classes.index(t) for t in DANGER_TIERS]].max(axis=1)
        harmless = y == "none"
        for threshold in THRESHOLDS:
            recall = {t: float((danger[y == t] >= threshold).mean()) for t in DANGER_TIERS}
            takeovers = float((danger[harmless] >= threshold).mean())
            overall = float((danger[np.isin(y, DANGER_TIERS)] >= threshold).mean())
            rows.append((C, threshold, recall, overall, takeovers))
            if takeovers <= MAX_TAKEOVERS and (best is None or overall > best[3]):
                best = rows[-1]
    lines = [
        "# The risk assessor's settings (make risk-choice)",
        "",
        "5-fold cross-validation on the risk assessor's training data (never the blind sets): "
        + ", ".join(f"{t} {n}" for t, n in counts.items())
        + ". Recall is a takeover on the meaning alone, before the safety phrases add theirs.",
        "",
        "| C | threshold | emergency | crisis | danger from others | all danger | harmless taken over |",
        "|---|---|---|---|---|---|---|",
    ]
    for C, threshold, recall, overall, takeovers in rows:
        lines.append(
            f"| {C:g} | {threshold:g} | {recall['emergency']:.3f} | {recall['crisis']:.3f} | "
            f"{recall['danger_others']:.3f} | {overall:.3f} | {takeovers:.4f} |"
        )
    if best:
        lines += ["", f"Chosen: C = {best[0]:g}, takeover threshold {best[1]:g} (all danger {best[3]:.3f}, "]
        lines[-1] += f"harmless taken over {best[4]:.4f}, the most recall within {MAX_TAKEOVERS:.1%})."
    (REPORTS / "risk_choice.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
