"""The count of blind messages that coincide with training wordings, which the closing notes report."""

from rasa.shared.data import get_data_files, is_nlu_file
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data

from measure.quality.blind_overlap import overlap, training_wordings
from nlu.risk_model import load_risk_examples
from ops.settings import NLU_DATA_DIR

TRAINING = ["What is the phone number for River Place Health Centre", "I took all my tablets an hour ago"]


def test_a_message_equal_to_a_training_wording_but_for_case_and_punctuation_counts_as_exact():
    found = overlap(["what is the phone number for river place health centre?"], TRAINING)
    assert (found.messages, found.exact, found.close) == (1, 1, 1)


def test_a_near_wording_counts_as_close_and_a_new_one_as_neither():
    found = overlap(["i took all my tablets 1 hour ago", "which surgeries are open on a sunday in N19"], TRAINING)
    assert (found.messages, found.exact, found.close) == (2, 0, 1)


def test_the_training_wordings_are_the_intent_examples_without_markup_and_the_risk_wordings():
    wordings = set(training_wordings())
    files = get_data_files([str(NLU_DATA_DIR)], is_nlu_file)
    intent_texts = {m.get(TEXT) for f in files for m in load_data(f).intent_examples}
    assert intent_texts <= wordings
    assert {text for text, _ in load_risk_examples()} <= wordings
    assert not any("](" in wording for wording in wordings)
