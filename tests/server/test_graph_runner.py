"""server/patches/graph_runner.py gives the trained model's answers exactly as Rasa's dask runner does: the same
understanding of each message and the same next action, turn by turn."""

from __future__ import annotations

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from ops.settings import MODEL
from server.patches import graph_runner

# A conversation a resident might have: a greeting, a practice, a follow-up, danger, another language, off-topic.
CONVERSATION = [
    "hello",
    "what's the phone number for the archway medical centre",
    "and its address?",
    "my dad has collapsed and isn't breathing",
    "necesito ayuda, mi hijo no respira",
    "book me a flight to paris",
    "what happened to islington ccg",
]


@pytest.fixture(scope="module")
def processor():
    if not MODEL.exists():
        pytest.skip("no trained model: make train")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL)).processor


def parse(processor, runner_run, text: str, tracker: DialogueStateTracker) -> dict:
    results = runner_run(
        processor.graph_runner,
        inputs={"__message__": [UserMessage(text, sender_id="t")], "__tracker__": tracker},
        targets=[processor.model_metadata.nlu_target],
    )
    return results[processor.model_metadata.nlu_target][0].as_dict(only_output_properties=True)


def predict(processor, runner_run, tracker: DialogueStateTracker):
    target = processor.model_metadata.core_target
    return runner_run(processor.graph_runner, inputs={"__tracker__": tracker}, targets=[target])[target]


def test_every_turn_is_understood_and_answered_as_with_rasas_runner(processor):
    tracker = DialogueStateTracker.from_events("t", [ActionExecuted("action_listen")], slots=processor.domain.slots)
    for text in CONVERSATION:
        ours, rasas = (
            parse(processor, graph_runner.run, text, tracker),
            parse(processor, graph_runner._original, text, tracker),
        )
        assert ours == rasas
        tracker.update(UserUttered(text, intent=ours["intent"], entities=ours["entities"], parse_data=ours))
        ours_next, rasas_next = (
            predict(processor, graph_runner.run, tracker),
            predict(processor, graph_runner._original, tracker),
        )
        assert ours_next == rasas_next
        assert ours_next.policy_name == rasas_next.policy_name
        assert ours_next.events == rasas_next.events
        # The predicted action ends the turn here: the test is of the runner, not of the actions.
        tracker.update(ActionExecuted(processor.domain.action_names_or_texts[ours_next.max_confidence_index]))
        tracker.update(ActionExecuted("action_listen"))


def test_the_danger_message_is_routed_to_the_emergency_answer(processor):
    tracker = DialogueStateTracker.from_events("t", [ActionExecuted("action_listen")], slots=processor.domain.slots)
    parsed = parse(processor, graph_runner.run, "my dad has collapsed and isn't breathing", tracker)
    tracker.update(UserUttered(parsed["text"], intent=parsed["intent"], entities=parsed["entities"], parse_data=parsed))
    action = processor.domain.action_names_or_texts[predict(processor, graph_runner.run, tracker).max_confidence_index]
    assert "emergency" in action


def test_an_input_named_like_a_node_is_refused_as_rasa_refuses_it(processor):
    runner: DaskGraphRunner = processor.graph_runner
    target = processor.model_metadata.core_target
    node = next(iter(runner._graph_schema.minimal_graph_schema([target]).nodes))
    for run in (graph_runner.run, graph_runner._original):
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            run(runner, inputs={"__tracker__": node}, targets=[target])
