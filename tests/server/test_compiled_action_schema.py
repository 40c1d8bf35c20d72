"""Action server replies are checked as strictly as Rasa does, with the schema compiled once."""

import pytest
import rasa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore

from server import patches
from server.patches import compiled_action_schema, no_silent_restart


@pytest.fixture
def action():
    patches.apply()  # as the Rasa server does when it builds the project's tracker store
    return RemoteAction("action_find_practice", None)


def test_a_well_formed_reply_passes(action):
    reply = {
        "events": [{"event": "slot", "name": "practice", "value": "Archway Medical Centre"}],
        "responses": [{"text": "Archway Medical Centre: phone 020 7272 0111."}],
    }
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize(
    "reply", [{"events": "not a list"}, {"events": [{"event": "no_such_event"}]}, {"responses": ["not an object"]}]
)
def test_a_malformed_reply_is_rejected_with_rasas_explanation(action, reply):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(reply)


def test_the_patches_are_applied_once_whatever_the_number_of_calls():
    patches.apply()
    patches.apply()
    assert RemoteAction._validate_action_result is compiled_action_schema.validate_action_result
    assert FailSafeTrackerStore.retrieve is no_silent_restart.retrieve
    assert FailSafeTrackerStore.save is no_silent_restart.save
    assert compiled_action_schema._original is not compiled_action_schema.validate_action_result


def test_the_patches_refuse_a_rasa_they_were_not_written_for(monkeypatch):
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    monkeypatch.setattr(patches, "_applied", False)
    with pytest.raises(RuntimeError, match="written for Rasa 3.6.21, not 3.7.0"):
        patches.apply()
