"""Writes the editors' report: a self-contained HTML page, a CSV of unanswered messages, and clusters.json."""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: the plots are written into the page as PNG
import matplotlib.pyplot as plt  # noqa: E402
from jinja2 import Environment, FileSystemLoader, select_autoescape  # noqa: E402

from facts import load_facts  # noqa: E402
from review import analysis  # noqa: E402
from review.conversations import Turn  # noqa: E402

NHS_BLUE = "#005eb8"
TOP_CLUSTERS_PLOTTED = 8
EXAMPLES_SHOWN = 5


def describe(intent: str) -> str:
    """The intent in words an editor knows: its topic's title where it has one."""
    if not intent:
        return "no guess"
    if intent == "out_of_scope":
        return "something the assistant doesn't cover"
    topic = load_facts().topic(intent)
    return topic.title if topic else intent.removeprefix("ask_").replace("_", " ")


def png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plot_per_day(per_day: dict) -> str | None:
    if not per_day:
        return None
    figure, axes = plt.subplots(figsize=(7, 2.8))
    axes.bar([d.strftime("%a %d %b") for d in per_day], list(per_day.values()), color=NHS_BLUE)
    axes.set_ylabel("Conversations")
    axes.set_title("Conversations per day", loc="left")
    axes.tick_params(axis="x", labelrotation=45)
    axes.spines[["top", "right"]].set_visible(False)
    return png(figure)


def plot_top_clusters(clusters: list[analysis.Cluster]) -> str | None:
    shown = clusters[:TOP_CLUSTERS_PLOTTED]
    if not shown:
        return None
    labels = [f"{c.number}. {shorten(c.messages[0].text)}" for c in shown][::-1]
    figure, axes = plt.subplots(figsize=(7, 0.45 * len(shown) + 1))
    axes.barh(labels, [c.size for c in shown][::-1], color=NHS_BLUE)
    axes.set_xlabel("Times asked")
    axes.set_title("Most asked questions without an answer", loc="left")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    return png(figure)


def shorten(text: str, length: int = 45) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class Review:
    """Everything the page, the CSV and clusters.json show, computed once."""

    generated: datetime
    source: str
    turns: list[Turn]
    clusters: list[analysis.Cluster]
    choices: list[tuple[str, str, int]]
    quality: list[analysis.TopicQuality]
    per_day: dict

    @classmethod
    def of(cls, turns: list[Turn], source: str) -> Review:
        return cls(
            datetime.now(timezone.utc),
            source,
            turns,
            analysis.clusters(analysis.unanswered(turns)),
            analysis.did_you_mean_choices(turns),
            analysis.answer_quality(turns),
            analysis.conversations_per_day(turns),
        )

    def summary(self) -> dict:
        typed = [t for t in self.turns if not t.is_button]
        unanswered = sum(c.size for c in self.clusters)
        votes = [t.intent for t in self.turns if analysis.is_vote(t)]
        return {
            "conversations": len({t.conversation for t in self.turns}),
            "messages": len(typed),
            "unanswered": unanswered,
            "unanswered_share": unanswered / len(typed) if typed else 0.0,
            "yes": votes.count(analysis.HELPFUL),
            "no": votes.count(analysis.NOT_HELPFUL),
            "first": min((t.at for t in self.turns), default=None),
            "last": max((t.at for t in self.turns), default=None),
        }


def write_clusters_json(review: Review, path: Path) -> None:
    """What `make accept` reads, so CLUSTER=3 means the group numbered 3 on the page written with it."""
    clusters = [
        {
            "number": c.number,
            "size": c.size,
            "best_guess": c.best_guess,
            "messages": [{"number": m.number, "text": m.text, "count": m.count} for m in c.messages],
        }
        for c in review.clusters
    ]
    path.write_text(json.dumps({"generated": review.generated.isoformat(), "clusters": clusters}, indent=1))


def write_csv(review: Review, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["group", "message", "text", "times asked", "why unanswered", "group size", "first seen", "last seen"]
            + ["best guess intent", "best guess confidence"]
        )
        for c in review.clusters:
            for m in c.messages:
                writer.writerow(
                    [c.number, m.number, m.text, m.count, "; ".join(m.reasons), c.size]
                    + [f"{c.first_seen:%Y-%m-%d %H:%M}", f"{c.last_seen:%Y-%m-%d %H:%M}"]
                    + [c.best_guess, f"{c.confidence:.2f}"]
                )


def write_html(review: Review, path: Path) -> None:
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]), trim_blocks=True
    )
    environment.filters["describe"] = describe
    page = environment.get_template("report.html").render(
        review=review,
        summary=review.summary(),
        examples_shown=EXAMPLES_SHOWN,
        per_day_png=plot_per_day(review.per_day),
        clusters_png=plot_top_clusters(review.clusters),
        intents=[(t.key, t.title) for t in load_facts().topics],
    )
    path.write_text(page, encoding="utf-8")


def write_review(review: Review, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / "index.html", "csv": out / "unanswered.csv", "clusters": out / "clusters.json"}
    write_html(review, paths["html"])
    write_csv(review, paths["csv"])
    write_clusters_json(review, paths["clusters"])
    return paths
