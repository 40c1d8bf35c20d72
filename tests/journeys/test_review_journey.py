"""The editors' loop against running servers: the review reads PostgreSQL as the cluster keeps conversations, and
what residents asked the real bot reaches it (the server-free review tests are in tests/review/)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from review.__main__ import main as review_main
from tests.review_seed import seed


def groups(report: Path) -> list[dict]:
    return json.loads((report / "clusters.json").read_text())["clusters"]


def test_the_review_reads_postgresql_as_the_cluster_keeps_conversations(private_postgres, tmp_path):
    url = private_postgres.database("review")
    seed(url)
    assert review_main(["--db", url, "--out", str(tmp_path)]) == 0
    assert [g["size"] for g in groups(tmp_path)] == [6, 4, 3, 1, 1]
    assert "19</strong> conversations" in (tmp_path / "index.html").read_text()


def test_what_residents_asked_the_real_bot_reaches_the_review(bot_servers, tmp_path):
    """Not only seeded events: the refusals and votes the running assistant stores are what the editors see."""
    sender = f"review-{tmp_path.name[-8:]}"
    unanswerable = "can you book my car in for its annual service"
    assert bot_servers.say(sender, unanswerable)[0]["text"].startswith("Sorry, I don't have an answer to that.")
    assert "Source:" in bot_servers.say(sender, "what was the ccg's budget?")[0]["text"]
    bot_servers.say(sender, "/feedback_not_helpful")
    assert review_main(["--db", str(bot_servers.tracker_db), "--out", str(tmp_path)]) == 0
    rows = {r["text"]: r for r in csv.DictReader((tmp_path / "unanswered.csv").open(encoding="utf-8"))}
    assert unanswerable in rows and rows[unanswerable]["group"]
    assert "what was the ccg's budget?" in rows, "a No vote puts the question it answered among the unanswered"
