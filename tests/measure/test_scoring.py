"""Fast tests of the evaluation's scoring: no servers, no training."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from facts import load_facts
from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from measure.quality.expected import ask_which_practice, expected_facts, is_right, reply_kind
from measure.quality.rest_eval import Turn, score
from measure.quality.summary import goals
from measure.speed.load import LoadResult
from ops.settings import ROOT

ARCHWAY = "Archway Medical Centre"


def said(response: str) -> str:
    """The bot's reply from a domain.yml response, as a resident would get it."""
    return fixed_reply(response)


def entity(kind: str, text: str, value: str) -> list[dict]:
    """The entity of `kind` the NLU finds where `value` stands in `text`."""
    start = text.index(value)
    return [{"entity": kind, "start": start, "end": start + len(value), "value": value}]


def practice_entity(text: str, name: str) -> list[dict]:
    return entity("practice", text, name)


def archway_phone_turn(reply: str, predicted: str = "ask_practice_phone") -> Turn:
    text = f"phone number for {ARCHWAY.lower()}"
    entities = practice_entity(text, ARCHWAY.lower())
    turn = Turn(text, "ask_practice_phone", entities, expected_facts("ask_practice_phone", text, entities))
    turn.predicted, turn.reply, turn.found_entities = predicted, reply, entities
    return turn


def test_an_answer_is_right_only_when_it_carries_the_practices_phone_number():
    phone = load_facts().find_practices(ARCHWAY)[0].phone
    assert archway_phone_turn(f"{ARCHWAY}: phone {phone}.").right
    # The intent is right but the fact is not: that is a wrong answer.
    assert not archway_phone_turn(said("utter_did_you_mean")).right
    assert not archway_phone_turn(f"{ARCHWAY} is an open GP practice. Phone 020 0000 0000.").right


def test_an_address_question_expects_the_postcode():
    practice = load_facts().find_practices(ARCHWAY)[0]
    text = f"where is {ARCHWAY}"
    assert expected_facts("ask_practice_address", text, practice_entity(text, ARCHWAY)) == [practice.postcode]


def test_the_practices_a_district_reply_lists_count_as_the_right_answer_and_another_districts_do_not():
    from facts.replies import district_reply

    facts = load_facts()
    district, practices = facts.practices_in("N19")
    expected = expected_facts("ask_practices_in_area", "gps in N19", entity("postcode", "gps in N19", "N19"))
    assert is_right(district_reply(district, practices), expected)  # what a resident asking for GPs in N19 is told
    other, others = facts.practices_in("N7")
    assert not is_right(district_reply(other, others), expected)


def test_a_practice_question_without_a_name_expects_the_bot_to_ask_which():
    assert expected_facts("ask_practice_phone", "whats my doctors phone number", []) == [ask_which_practice()]


def test_a_topic_expects_the_start_of_its_answer_and_safety_its_wording():
    answer = load_facts().topic("ask_budget").answer
    assert is_right(f"{answer}\nSource: x", expected_facts("ask_budget", "how much did it spend", []))
    assert is_right(said("utter_self_harm"), expected_facts("self_harm", "i want to hurt myself", []))
    assert not is_right(said("utter_clinical_advice"), expected_facts("self_harm", "i want to hurt myself", []))


@pytest.mark.parametrize(
    "response, kind",
    [
        ("utter_out_of_scope", "refusal"),
        ("utter_did_you_mean", "did_you_mean"),
        ("utter_default", "default"),
        ("utter_emergency", "safety"),
        ("utter_self_harm", "safety"),
        ("utter_urgent_symptoms", "safety"),
        ("utter_clinical_advice", "safety"),
        # The bot-challenge reply mentions medical advice and 999 but is not a safety reply.
        ("utter_iamabot", "answer"),
    ],
)
def test_reply_kinds_are_read_from_the_domains_wording(response, kind):
    assert reply_kind(said(response)) == kind


def test_a_practice_answer_and_the_apology_are_told_apart():

    assert reply_kind("Archway Medical Centre: phone 020 7272 0111.") == "answer"
    assert reply_kind(fixed_reply(CANNOT_ANSWER_NOW)) == "error"


def test_false_answers_and_false_refusals_are_counted_apart_from_safety_replies():
    right = archway_phone_turn("Archway: phone 020 7272 0111.")
    refused = archway_phone_turn(said("utter_out_of_scope"), predicted="out_of_scope")
    oos = [Turn("bins", "out_of_scope", [], []) for _ in range(3)]
    oos[0].reply, oos[1].reply, oos[2].reply = said("utter_out_of_scope"), said("utter_emergency"), "Hello!"
    scores = score([right, refused, *oos])
    assert (scores.intents.accuracy, scores.false_refusal_rate) == (0.5, 0.5)
    assert (scores.false_answers, scores.oos_safety, scores.oos) == (1, 1, 3)
    assert scores.intents.f1 == 1.0


def test_latency_percentiles_and_throughput():
    result = LoadResult("x", users=1, latencies=[0.01 * i for i in range(1, 101)], wall_s=2.0)
    assert result.percentile(50) == pytest.approx(505, abs=1)
    assert result.throughput == 50


def test_goals_are_unmeasured_until_reports_exist():
    assert all(met is None for *_, met in goals({}, {}))
    met = {name: m for name, *_, m in goals({"ours": {"rest": {"intent_accuracy": 0.98}}}, {})}
    assert met["Held-out intent accuracy"] is True


def test_the_results_table_says_which_goals_make_test_holds_and_where(monkeypatch):
    """The README once stated a goal of 0.97 that the gate, at 0.95, didn't check."""
    import measure.quality.summary
    from measure.quality.goals import Goal

    monkeypatch.setitem(measure.quality.summary.HELDOUT, "intent_accuracy", Goal(0.97, gate=0.95))
    rows = {name: (target, gate) for name, target, gate, *_ in goals({}, {})}
    assert rows["Held-out intent accuracy"] == ("≥ 0.970", "≥ 0.950")
    assert rows["False-answer rate (OOS)"] == ("≤ 5.0%", "not gated")


def test_the_readmes_results_are_replaced_between_their_markers_and_nowhere_else(tmp_path):
    from measure.quality.summary import RESULTS_END, RESULTS_START, paste_into_readme

    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{RESULTS_START}\nold figures\n{RESULTS_END}\n\n## After\nkept\n")
    paste_into_readme(["| new | figures |"], readme)
    assert readme.read_text() == f"# Title\n\n{RESULTS_START}\n| new | figures |\n{RESULTS_END}\n\n## After\nkept\n"


def test_a_greeting_is_expected_to_get_the_domains_greeting_beside_replies_without_text():
    # domain.yml also holds utter_ask_feedback, a custom "Was this helpful?" with no text of its own.
    assert expected_facts("greet", "hello", [])[0].startswith("Hello")


def test_the_trust_tally_of_the_in_scope_sets_alone_gives_the_error_count_the_baseline_needs():
    from measure.quality.trust import Tally

    parsed = {
        "nlu": [("hi", "greet", {"intent": {"name": "greet"}}), ("bye", "goodbye", {"intent": {"name": "greet"}})]
    }
    figures = Tally(parsed).figures()
    assert (figures["errors"], figures["in_scope"], figures["false_alarms"]) == (1, 2, 0)


# Every command a make target runs with `python -m`, read from the Makefiles so that a new one is covered too.
MAKE_COMMANDS = sorted(
    {
        match
        for path in [ROOT / "Makefile", *sorted((ROOT / "mk").glob("*.mk"))]
        for match in re.findall(r"python -m ([a-z_.]+)", path.read_text(encoding="utf-8"))
        if match != "pytest"
    }
)


@pytest.mark.parametrize("module", MAKE_COMMANDS)
def test_every_make_command_starts(module):
    """An import broken by a refactor (make eval once was) shows here, not when someone next runs the target."""
    done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()


def test_the_default_config_baseline_outlives_a_rule_change_but_not_a_new_example(tmp_path, monkeypatch):
    """Its 7-40 minutes are spent again only when what the NLU learns from changes."""
    import shutil

    from measure.quality import trust

    data = tmp_path / "data"
    shutil.copytree(trust.NLU_DATA_DIR, data)
    monkeypatch.setattr(trust, "NLU_DATA_DIR", data)
    before = trust.data_fingerprint()
    rules = data / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a comment, and a rule reordered\n", encoding="utf-8")
    assert trust.data_fingerprint() == before
    nlu = data / "nlu.yml"
    text = nlu.read_text(encoding="utf-8")
    nlu.write_text(text.replace("    - ", "    - who paid for my GP\n    - ", 1), encoding="utf-8")
    assert trust.data_fingerprint() != before


def test_the_baseline_trains_rasas_default_config_not_ours():
    """The error ratio compares our pipeline with Rasa's starter one: the baseline must train that file, which names
    DIETClassifier, and never fall back to the project's config.yml."""
    import yaml

    from measure.quality import trust
    from ops.settings import ROOT

    default = yaml.safe_load(trust.DEFAULT_CONFIG.read_text())
    ours = yaml.safe_load((ROOT / "config.yml").read_text())
    assert "DIETClassifier" in {c["name"] for c in default["pipeline"]}
    assert default["pipeline"] != ours["pipeline"]


def test_a_missing_default_config_stops_the_baseline_instead_of_measuring_our_own(monkeypatch, tmp_path):
    from measure.quality import trust

    monkeypatch.setattr(trust, "DEFAULT_CONFIG", tmp_path / "gone.yml")
    with pytest.raises(FileNotFoundError):
        trust.measure_baseline()
