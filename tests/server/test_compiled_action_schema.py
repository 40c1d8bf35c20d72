"""Action server replies are checked as strictly as Rasa does, with the schema compiled once."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import server.patches.compiled_action_schema  # noqa: F401  (applies the faster check, as the Rasa server does)


@pytest.fixture
def action():
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


def test_the_patch_refuses_to_load_on_a_rasa_it_was_not_written_for(monkeypatch):
    import importlib

    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(ImportError, match="written for Rasa 3.6.21"):
        importlib.reload(server.patches.compiled_action_schema)
