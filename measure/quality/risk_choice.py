"""Choose the risk assessor's regularisation and thresholds by 5-fold cross-validation on its training data.

The blind sets (tests/blind/) are never used here. For each C, the out-of-fold probabilities give, per threshold:
the recall of each danger tier (a takeover on the meaning alone) and the share of harmless messages (the intent
data's other intents, the risk data's "none" tier and the public health questions) that would be taken over.
The rule, per tier: the lowest threshold that takes over at most 0.25 % of the harmless messages as that tier and
at most 10 % of the same-day ones. The other settings (the second sign, the phrase floor) were then checked on the
dev blind set and the held-out trust sets, both seen; the final blind set reports the result.

Usage: python -m measure.quality.risk_choice   (writes reports/risk_choice.md; a few minutes)
"""

from __future__ import annotations

import numpy as np

from ops.settings import NLU_DATA_DIR, REPORTS

CS = (10.0, 30.0, 100.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MAX_TAKEOVERS, MAX_URGENT = 0.0025, 0.10


def out_of_fold(texts: np.ndarray, X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, list[str]]:
    from sklearn.model_selection import StratifiedKFold

    from nlu.risk_model import fit
    from nlu.risk_model import probabilities as tier_probabilities

    classes = sorted(set(y))
    probabilities = np.zeros((len(y), len(classes)))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
        parts = fit(list(texts[train]), X[train], list(y[train]), C)
        probabilities[test] = tier_probabilities(parts, list(texts[test]), X[test])
    return probabilities, classes


def main() -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from rasa.shared.importers.importer import TrainingDataImporter

    from nlu.risk_model import DANGER_TIERS, load_risk_examples, training_examples
    from nlu.sentence_encoder import encode_with_disk_cache

    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(NLU_DATA_DIR)])
    texts, tiers = training_examples(importer.get_nlu_data(), load_risk_examples())
    y = np.array(tiers)
    X = encode_with_disk_cache(texts)
    counts = {t: int((y == t).sum()) for t in sorted(set(tiers))}
    harmless, urgent = y == "none", y == "urgent"
    lines = [
        "# The risk assessor's settings (make risk-choice)",
        "",
        "5-fold cross-validation on the risk assessor's training data (never the blind sets): "
        + ", ".join(f"{t} {n}" for t, n in counts.items())
        + ". A message is taken over as the most likely danger tier when the three danger tiers together are at"
        " least the threshold; this is the meaning alone, before the second sign the assessor also asks for.",
        "",
        f"The rule: per tier, the lowest threshold that takes over at most {MAX_TAKEOVERS:.1%} of the harmless"
        f" messages as that tier and at most {MAX_URGENT:.0%} of the same-day (urgent) ones.",
        "",
        "| C | tier | threshold | recall | harmless taken over | urgent taken over |",
        "|---|---|---|---|---|---|",
    ]
    chosen = {}
    for C in CS:
        probabilities, classes = out_of_fold(np.array(texts), X, y, C)
        columns = [classes.index(t) for t in DANGER_TIERS]
        danger = probabilities[:, columns].sum(axis=1)
        tier_of = np.array(DANGER_TIERS)[probabilities[:, columns].argmax(axis=1)]
        for tier in DANGER_TIERS:
            for threshold in THRESHOLDS:
                taken = (tier_of == tier) & (danger >= threshold)
                recall, false = float(taken[y == tier].mean()), float(taken[harmless].mean())
                late = float(taken[urgent].mean()) if urgent.any() else 0.0
                lines.append(f"| {C:g} | {tier} | {threshold:g} | {recall:.3f} | {false:.4f} | {late:.3f} |")
                if (C, tier) not in chosen and false <= MAX_TAKEOVERS and late <= MAX_URGENT:
                    chosen[(C, tier)] = (threshold, recall)
    lines += ["", "Chosen thresholds per C (recall in brackets):", ""]
    for C in CS:
        picks = ", ".join(
            f"{t} {chosen[(C, t)][0]:g} ({chosen[(C, t)][1]:.3f})" for t in DANGER_TIERS if (C, t) in chosen
        )
        lines.append(f"- C = {C:g}: {picks}")
    (REPORTS / "risk_choice.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
