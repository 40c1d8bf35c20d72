"""The risk assessor's decision: which messages take over, which get the answer and a safety line, and which neither.

The rules are tested on assessments written here; what the trained model makes of real wordings is tested over REST
in tests/journeys/test_safety_rest.py and measured on the blind sets by make test-safety.
"""

from dataclasses import replace

import numpy as np
import pytest

from nlu import risk_assessor as risk
from nlu.risk_assessor import Assessment, RiskAssessor


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    return RiskAssessor(RiskAssessor.get_default_config(), model_storage=None, resource=None)


def seen(tier="crisis", danger=0.0, phrase=None, not_now=False, crisis=None, urgent=0.0, asks=False) -> Assessment:
    """An assessment; `phrase` is the tier of a safety phrase found, `asks` whether the message is a question."""
    probabilities = {tier: danger, "urgent": urgent, "none": max(0.0, 1.0 - danger - urgent)}
    if crisis is not None:
        probabilities["crisis"] = crisis
    return Assessment(tier, danger, probabilities, phrase, not_now, phrase_strong=bool(phrase) and not asks)


def test_a_likely_danger_backed_by_a_safety_phrase_takes_over(assessor):
    assert assessor.takeover_tier(seen("danger_others", 0.5, phrase="emergency")) == "danger_others"


def test_a_danger_the_meaning_is_sure_of_takes_over_without_any_phrase(assessor):
    assert assessor.takeover_tier(seen("crisis", 0.85)) == "crisis"


def test_a_danger_told_beside_an_ordinary_request_needs_no_second_sign_when_the_meaning_is_sure(assessor):
    # The classifier reads the request, so the meaning alone decides, at each tier's own bar (ninth session, with the
    # character n-grams): 0.7 for an emergency, 0.75 for danger from others, 0.8 for a crisis, whose short harmless
    # look-alikes ("i want to sleep in tomorrow") read highest.
    assert assessor.takeover_tier(seen("emergency", 0.72)) == "emergency"
    assert assessor.takeover_tier(seen("emergency", 0.65)) is None
    assert assessor.takeover_tier(seen("danger_others", 0.77)) == "danger_others"
    assert assessor.takeover_tier(seen("danger_others", 0.72)) is None
    assert assessor.takeover_tier(seen("crisis", 0.82)) == "crisis"
    assert assessor.takeover_tier(seen("crisis", 0.77)) is None


def test_a_likely_crisis_beside_a_sign_of_preparing_or_goodbye_takes_over(assessor):
    """ "Everything's sorted for the kids. I won't be around": a goodbye is the crisis's second sign."""
    preparing = Assessment("crisis", 0.6, {"crisis": 0.6, "none": 0.4}, None, False, preparing=True)
    assert assessor.takeover_tier(preparing) == "crisis"
    assert assessor.takeover_tier(replace(preparing, preparing=False)) is None
    # Below the crisis threshold, or read as another tier, or in the past, a goodbye is not enough.
    assert assessor.takeover_tier(replace(preparing, probability=0.3)) is None
    assert assessor.takeover_tier(replace(preparing, tier="emergency")) is None
    assert assessor.takeover_tier(replace(preparing, not_now=True)) is None


def test_a_likely_danger_that_the_intent_classifier_also_sees_takes_over(assessor):
    assert assessor.takeover_tier(seen("crisis", 0.5), classifier_agrees=True) == "crisis"
    assert assessor.takeover_tier(seen("crisis", 0.5), classifier_agrees=False) is None


def test_an_emergency_both_readings_see_takes_over_below_the_meaning_s_own_threshold(assessor):
    """ "My mum's lips have gone blue": the classifier reads an emergency, the meaning a danger of 0.58."""
    assert assessor.takeover_tier(seen("emergency", 0.58), classifier_agrees=True) == "emergency"
    assert assessor.takeover_tier(seen("emergency", 0.58), classifier_agrees=False) is None
    assert assessor.takeover_tier(seen("emergency", 0.4), classifier_agrees=True) is None


def test_a_safety_word_alone_never_takes_over(assessor):
    """'Stroke research', 'can anxiety cause chest pain': the phrase is there, the meaning says harmless."""
    assert assessor.takeover_tier(seen("emergency", 0.05, phrase="emergency")) is None
    assert assessor.line_tier(seen("emergency", 0.05, phrase="emergency")) == "emergency"
    # "How common is suicide?": a phrase in a question with a weak meaning is a line, not a takeover.
    assert assessor.takeover_tier(seen("crisis", 0.3, phrase="crisis", asks=True)) is None
    assert assessor.takeover_tier(seen("crisis", 0.3, phrase="crisis", asks=False)) == "crisis"


def test_a_message_of_one_word_never_takes_over(assessor):
    one_word = Assessment("emergency", 0.95, {"emergency": 0.95}, "emergency", False, False, one_word=True)
    assert assessor.takeover_tier(one_word) is None
    assert assessor.line_tier(one_word) == "emergency"


def test_a_past_event_never_takes_over_however_alarming(assessor):
    assert assessor.takeover_tier(seen("emergency", 0.99, phrase="emergency", not_now=True)) is None
    assert assessor.line_tier(seen("emergency", 0.99, phrase="emergency", not_now=True)) == "emergency"


def test_a_sign_of_the_past_counts_only_in_the_part_that_carries_the_danger(monkeypatch):
    """ "Dad is shaking all over. He had a UTI last week.": the history is in a part of its own, so the danger is now;
    "I used to cut myself, I'm 30 now": the danger's own part is in the past."""
    danger_of = {
        "dad is shaking all over": 0.95,
        "he had a uti last week": 0.1,
        "I used to cut myself": 0.9,
        "I'm 30 now": 0.05,
    }
    assessor = RiskAssessor(RiskAssessor.get_default_config(), None, None, model={})
    monkeypatch.setattr(assessor, "embed_all", lambda texts: texts)
    monkeypatch.setattr(risk, "dangers", lambda model, texts, vectors: np.array([danger_of[t] for t in texts]))
    assert assessor.danger_part_is_now("dad is shaking all over. he had a uti last week", asks_something=True)
    assert not assessor.danger_part_is_now("I used to cut myself, I'm 30 now", asks_something=True)
    assert not assessor.danger_part_is_now("he had a uti last week", asks_something=True)  # one part: the whole decides


def test_an_overdose_taken_on_purpose_gets_the_crisis_reply_which_leads_with_999(assessor):
    assert assessor.takeover_tier(seen("emergency", 0.9, phrase="emergency", crisis=0.5)) == "crisis"
    assert assessor.takeover_tier(seen("emergency", 0.9, phrase="emergency", crisis=0.05)) == "emergency"


def test_a_possible_risk_short_of_the_takeover_gets_the_line_not_a_bare_answer(assessor):
    assert assessor.takeover_tier(seen("crisis", 0.3)) is None
    assert assessor.line_tier(seen("crisis", 0.3)) == "crisis"


def test_a_same_day_problem_gets_the_111_line(assessor):
    assert assessor.line_tier(seen("emergency", 0.05, urgent=0.7)) == "urgent"


def test_nothing_risky_gets_nothing_added(assessor):
    assert assessor.takeover_tier(seen("crisis", 0.01)) is None
    assert assessor.line_tier(seen("crisis", 0.01)) is None


def test_changing_the_risk_data_retrains_the_assessor(tmp_path, monkeypatch):
    """Rasa reuses a cached component unless its fingerprint changes; the risk data is outside the graph, so an
    edit to it must change the fingerprint, or a retrain would keep the old model."""
    monkeypatch.setattr(risk, "RISK_DATA_DIR", tmp_path)
    (tmp_path / "a.yml").write_text('messages:\n  - {text: "i want it all to stop", tier: crisis}\n')
    before = RiskAssessor.fingerprint_addon({})
    assert RiskAssessor.fingerprint_addon({}) == before
    (tmp_path / "a.yml").write_text('messages:\n  - {text: "i want it all to stop now", tier: crisis}\n')
    assert RiskAssessor.fingerprint_addon({}) != before


def test_changing_the_risk_model_s_code_retrains_the_assessor(tmp_path, monkeypatch):
    """A new feature in nlu/risk_model.py must not meet a cached model trained without it."""
    monkeypatch.setattr(risk, "RISK_DATA_DIR", tmp_path)
    code = tmp_path / "risk_model.py"
    monkeypatch.setattr(risk, "RISK_MODEL_CODE", code)
    code.write_text("words = 1\n")
    before = RiskAssessor.fingerprint_addon({})
    code.write_text("words, chars = 1, 2\n")
    assert RiskAssessor.fingerprint_addon({}) != before


def test_the_risk_data_reads_negatives_as_plain_texts_or_with_their_kind(tmp_path):
    (tmp_path / "a.yml").write_text(
        'messages:\n  - {text: "he has a knife and he is at the door", tier: danger_others}\n'
        'negatives:\n  - "my phone died"\n  - {text: "i could murder a curry", kind: idiom}\n'
    )
    assert risk.load_risk_examples(tmp_path) == [
        ("he has a knife and he is at the door", "danger_others"),
        ("my phone died", "none"),
        ("i could murder a curry", "none"),
    ]


def test_a_threshold_written_as_one_number_instead_of_one_per_tier_is_refused_when_the_model_loads():
    """config.yml could set `sure: 0.8`: the server would fail on the first resident's message, so it fails at start."""
    for key in ("sure", "takeover"):
        with pytest.raises(ValueError, match=key):
            RiskAssessor({**RiskAssessor.get_default_config(), key: 0.8}, model_storage=None, resource=None)
