"""The count of blind messages that coincide with training wordings, which the closing notes report."""

from measure.quality.blind_overlap import overlap, training_wordings

TRAINING = ["What is the phone number for River Place Health Centre", "I took all my tablets an hour ago"]


def test_a_message_equal_to_a_training_wording_but_for_case_and_punctuation_counts_as_exact():
    found = overlap(["what is the phone number for river place health centre?"], TRAINING)
    assert (found.messages, found.exact, found.close) == (1, 1, 1)


def test_a_near_wording_counts_as_close_and_a_new_one_as_neither():
    found = overlap(["i took all my tablets 1 hour ago", "which surgeries are open on a sunday in N19"], TRAINING)
    assert (found.messages, found.exact, found.close) == (2, 0, 1)


def test_the_training_wordings_include_the_intent_data_without_markup_and_the_risk_data():
    wordings = training_wordings()
    assert not any("](" in wording for wording in wordings)
    assert len(wordings) > 10_000
