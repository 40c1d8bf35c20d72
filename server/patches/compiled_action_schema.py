"""Validates action server replies against a schema compiled once, instead of on every custom action.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which first validates the
schema itself against its meta-schema: about 16 ms of a 24 ms turn here (cProfile, see reports/bench.md).
The schema never changes, so this checks the same reply against the same schema with the same error,
using a validator built once. Switched on by server.patches.apply(), which checks the Rasa version first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def compiled_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not per reply
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(compiled_validator().iter_errors(result))
    if error is not None:
        return _original(self, result)  # Rasa's own path raises the same error with its explanation
    return True


def patch() -> None:
    RemoteAction._validate_action_result = validate_action_result
