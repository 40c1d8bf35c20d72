"""Action server replies are checked as strictly as Rasa does, with the schema compiled once."""

import pytest
import rasa
from hypothesis import given, settings
from hypothesis import strategies as st
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


def _event_fields() -> list[str]:
    spec = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    return sorted({field for kind in spec["oneOf"] for field in kind.get("properties", {})} | set(spec["properties"]))


def _event_names() -> list[str]:
    kinds = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]["oneOf"]
    return [kind["properties"]["event"]["const"] for kind in kinds]


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.integers(0, 2), max_size=2),
    st.dictionaries(st.sampled_from(["text", "intent", "entities", "name"]), st.text(max_size=3), max_size=2),
)
EVENTS = st.builds(
    lambda name, fields: {**fields, **({} if name is None else {"event": name})},
    st.one_of(st.none(), st.sampled_from(_event_names() + ["no_such_event"]), st.integers(0, 1)),
    st.dictionaries(st.sampled_from(_event_fields()), VALUES, max_size=4),
)
REPLIES = st.one_of(
    st.dictionaries(
        st.sampled_from(["events", "responses"]),
        st.one_of(
            st.lists(EVENTS, max_size=4), st.lists(st.dictionaries(st.text(max_size=3), VALUES), max_size=2), VALUES
        ),
    ),
    VALUES,
)


@settings(max_examples=600, deadline=None)
@given(reply=REPLIES)
def test_an_action_reply_is_accepted_exactly_when_the_whole_schema_accepts_it(reply):
    assert compiled_action_schema.is_valid(reply) == compiled_action_schema.compiled_validator().is_valid(reply)


def test_each_kind_of_event_rasa_knows_is_checked_by_its_own_kind():
    assert compiled_action_schema.event_validators() is not None  # else every reply takes the slow, whole path
    assert compiled_action_schema.is_valid({"events": [{"event": "slot", "name": "practice", "value": "Archway"}]})
    assert not compiled_action_schema.is_valid({"events": [{"event": "slot", "value": "Archway"}]})  # no name
    assert not compiled_action_schema.is_valid({"events": [{"event": "action", "name": 3}]})
