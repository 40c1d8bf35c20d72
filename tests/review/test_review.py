"""The editors' loop: `make review` over seeded conversations, then `make accept` into a copy of the project data."""

from __future__ import annotations

import asyncio
import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ops.settings import BIN, DOMAIN, HELDOUT_DIR, NLU_DATA_DIR, ROOT, SERVER_ENV
from review import accept as accepting
from review import analysis
from review.__main__ import main as review_main
from review.conversations import load_turns
from tests.review_seed import ALLOCATION, PARKING, PRESCRIPTION, seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    seed(str(db))
    return db


@pytest.fixture(scope="module")
def report(seeded, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review")
    assert review_main(["--db", str(seeded), "--out", str(out)]) == 0
    return out


def groups(report: Path) -> list[dict]:
    return json.loads((report / "clusters.json").read_text())["clusters"]


def test_unanswered_questions_are_grouped_and_the_most_asked_comes_first(report):
    found = groups(report)
    assert [g["size"] for g in found] == [6, 4, 3, 1, 1]
    assert [{m["text"] for m in g["messages"]} for g in found[:3]] == [set(PARKING), set(ALLOCATION), set(PRESCRIPTION)]
    assert [g["number"] for g in found] == [1, 2, 3, 4, 5]


def test_each_group_says_why_it_went_unanswered_and_the_best_guess(seeded):
    clusters = analysis.clusters(analysis.unanswered(load_turns(str(seeded))))
    parking, allocation, prescription = clusters[:3]
    assert parking.reasons == {analysis.OUT_OF_SCOPE: 6} and parking.best_guess == "out_of_scope"
    assert allocation.reasons == {analysis.DID_YOU_MEAN: 4}
    assert (allocation.best_guess, round(allocation.confidence, 2)) == ("ask_budget", 0.25)
    assert prescription.reasons == {analysis.VOTED_NO: 3} and prescription.best_guess == "ask_register_gp"
    assert (parking.first_seen.day, parking.last_seen.day) == (16, 21)


def test_the_did_you_mean_choices_residents_made_are_counted(seeded):
    assert analysis.did_you_mean_choices(load_turns(str(seeded))) == [
        ("ask_budget", "ask_budget", 2),
        ("ask_budget", "out_of_scope", 1),  # "Something else"
        ("ask_budget", "", 1),  # typed something else
    ]


def test_answers_per_topic_count_votes_and_conversations_that_ended_there(seeded):
    quality = {q.topic: q for q in analysis.answer_quality(load_turns(str(seeded)))}
    budget, register = quality["ask_budget"], quality["ask_register_gp"]
    # 5 asked directly and 2 reached through "Did you mean"; 3 Yes votes; 2 + 2 conversations ended on the answer.
    assert (budget.answers, budget.yes, budget.no, budget.ended_after) == (7, 3, 0, 4)
    assert (register.answers, register.yes, register.no, register.ended_after) == (3, 0, 3, 3)


def test_the_page_stands_alone_and_shows_residents_words_as_text(report):
    page = (report / "index.html").read_text()
    assert page.count("data:image/png;base64,") == 2  # conversations per day, top unanswered groups
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")
    assert "&lt;b&gt;what&lt;/b&gt; is the meaning of life?" in page and "<b>what</b>" not in page
    assert "Group 1: asked 6 times" in page and "make accept CLUSTER=2 INTENT=ask_budget" in page
    assert "19</strong> conversations" in page


def test_the_csv_lists_every_unanswered_wording_with_its_group(report):
    rows = list(csv.DictReader((report / "unanswered.csv").open(encoding="utf-8")))
    assert len(rows) == 15
    assert {r["text"] for r in rows if r["group"] == "2"} == set(ALLOCATION)


def test_messages_with_no_telling_words_are_still_grouped():
    assert len(set(analysis.group_numbers(["who", "what?", "why"]))) == 3
    assert len(set(analysis.group_numbers(["", " "]))) == 2


def test_a_database_url_reads_the_same_conversations(seeded, tmp_path):
    assert review_main(["--db", f"sqlite:///{seeded}", "--out", str(tmp_path)]) == 0
    assert [g["size"] for g in groups(tmp_path)] == [6, 4, 3, 1, 1]


def test_no_conversations_yet_is_said_plainly(tmp_path, capsys):
    assert review_main(["--db", str(tmp_path / "none.db"), "--out", str(tmp_path)]) == 1
    assert "No conversations yet" in capsys.readouterr().out


def test_a_database_that_cannot_be_read_is_said_plainly_without_its_password(capsys):
    # A PostgreSQL URL to a port in this project's test range where nothing listens.
    assert review_main(["--db", "postgresql://editor:secret@127.0.0.1:6398/rasa", "--out", "/nonexistent"]) == 1
    said = capsys.readouterr().out
    assert "Couldn't read the conversations from postgresql://editor:***@127.0.0.1:6398/rasa" in said
    assert "secret" not in said


@pytest.fixture
def project(tmp_path, report) -> accepting.Paths:
    """A copy of the project's Rasa data and held-out sets: tests never touch the real data/nlu.yml."""
    shutil.copytree(NLU_DATA_DIR, tmp_path / "data")
    shutil.copytree(HELDOUT_DIR, tmp_path / "heldout")
    for name in (DOMAIN.name, "config.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    # One of the group's messages is held out, so accepting must leave it out.
    (tmp_path / "heldout" / "editors.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_budget\n  examples: |\n    - Annual  allocation Islington\n'
    )
    return accepting.Paths(
        clusters=report / "clusters.json",
        nlu=tmp_path / "data" / "nlu.yml",
        data=tmp_path / "data",
        domain=tmp_path / DOMAIN.name,
        config=tmp_path / "config.yml",
        heldout=tmp_path / "heldout",
        backups=tmp_path / "backups",
    )


def parse(model: Path, texts: list[str]) -> dict[str, str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return {text: asyncio.run(agent.parse_message(text))["intent"]["name"] for text in texts}


def test_accepting_a_group_teaches_the_assistant_and_can_be_undone(project, tmp_path):
    before = project.nlu.read_text()
    choice = accepting.accept(project, cluster=2, intent="ask_budget")
    assert choice.refused == [("annual allocation islington", choice.refused[0][1])]
    assert "held-out" in choice.refused[0][1]
    taught = [t for t in ALLOCATION if t != "annual allocation islington"]
    assert sorted(choice.added) == sorted(taught)
    examples = accepting.examples_in(project.nlu)
    assert all(examples[text] == "ask_budget" for text in taught) and "annual allocation islington" not in examples
    # Training on the edited copy picks the new examples up: the model now answers them with the budget.
    models = tmp_path / "models"
    command = [str(BIN / "rasa"), "train", "nlu", "--config", str(project.config), "--nlu", str(project.data)]
    command += ["--domain", str(project.domain), "--out", str(models), "--fixed-model-name", "nlu", "--quiet"]
    subprocess.run(command, cwd=ROOT, env=SERVER_ENV, check=True, capture_output=True)
    assert set(parse(models / "nlu.tar.gz", taught).values()) == {"ask_budget"}
    accepting.undo(project)
    assert project.nlu.read_text() == before
    # Newer than the model, so `make train` retrains without the examples that were taken back.
    assert project.nlu.stat().st_mtime > (models / "nlu.tar.gz").stat().st_mtime


def test_messages_already_in_the_training_data_are_not_added_twice(project):
    accepting.accept(project, cluster=1, intent="out_of_scope", pick=[1])
    with pytest.raises(accepting.AcceptError, match="already an example of out_of_scope"):
        accepting.accept(project, cluster=1, intent="ask_a_and_e", pick=[1])
    assert accepting.examples_in(project.nlu)["car park whittington hospital"] == "out_of_scope"
    assert project.nlu.read_text().count("car park whittington hospital") == 1


@pytest.mark.parametrize(
    "cluster, intent, pick, says",
    [
        (2, "ask_budjet", None, "Did you mean \\['ask_budget'"),  # the closest intent first
        (9, "ask_budget", None, "no group 9"),
        (2, "ask_budget", [7], "not \\[7\\]"),
    ],
)
def test_a_mistake_changes_nothing_and_says_why(project, cluster, intent, pick, says):
    before = project.nlu.read_text()
    with pytest.raises(accepting.AcceptError, match=says):
        accepting.accept(project, cluster, intent, pick)
    assert project.nlu.read_text() == before and not project.backups.exists()


def test_the_editors_report_lists_the_unchecked_safety_cards(report):
    listed = (report / "unchecked-translations.md").read_text()
    assert "Spanish (`es`)" in listed and "Somali (`so`)" in listed and "Bengali (`bn`)" in listed
