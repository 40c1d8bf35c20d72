"""Validates action server replies against a schema compiled once, and each event against its own kind only.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which first validates the schema itself
against its meta-schema: about 16 ms of a 24 ms turn here (cProfile, see reports/bench.md). The schema never changes,
so a validator is built once.

The schema says each event is `oneOf` 23 kinds, so jsonschema tries every event against all 23 (0.6-0.9 ms a reply,
7 % of a Rasa server's samples when 200 conversations arrive at once; py-spy, issue 23). Each kind names its event
with a `const`, a different one each, so exactly one kind can ever match: the one the event names. A reply is accepted
here when it passes the schema without the `oneOf` and each event passes the kind it names, which is when `oneOf`
holds. Anything else, and any schema not shaped so, goes to Rasa's own path, which checks it in full and raises its
own error. tests/server/test_compiled_action_schema.py holds the two equal on generated replies. Switched on by
server.patches.apply(), which checks the Rasa version first.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def compiled_validator():
    """The whole schema's validator, built once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not per reply
    return validator_class(schema)


@lru_cache(maxsize=1)
def event_validators() -> tuple[Any, dict[str, Any]] | None:
    """The schema without the events' `oneOf`, and each kind's validator by the event name it requires; None when
    the kinds are not each named by a const of their own (then only the whole schema is used)."""
    schema = compiled_validator().schema
    kinds = schema.get("properties", {}).get("events", {}).get("items", {}).get("oneOf")
    names = [kind.get("properties", {}).get("event", {}).get("const") for kind in kinds or []]
    if not kinds or None in names or len(set(names)) != len(names) or "$ref" in json.dumps(schema):
        return None
    validator_class = type(compiled_validator())
    base = copy.deepcopy(schema)
    del base["properties"]["events"]["items"]["oneOf"]
    return validator_class(base), {name: validator_class(kind) for name, kind in zip(names, kinds, strict=True)}


def is_valid(result: Any) -> bool:
    """Whether the reply passes the whole schema (compiled_validator().is_valid), event by event."""
    split = event_validators()
    if split is None:
        return compiled_validator().is_valid(result)
    base, by_name = split
    if not base.is_valid(result):
        return False
    events = result.get("events", []) if isinstance(result, dict) else []
    # The base schema made each event an object with a string `event`: only the kind it names can match.
    return all(event["event"] in by_name and by_name[event["event"]].is_valid(event) for event in events)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if is_valid(result):
        return True
    return _original(self, result)  # Rasa's own path raises the error with its explanation


def patch() -> None:
    RemoteAction._validate_action_result = validate_action_result
