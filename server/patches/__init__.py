"""Patches to Rasa's internals, switched on together by apply(): explicitly, once, and only on the Rasa they were
read against.

Each replaces a private method, so a newer Rasa may do the same thing differently: before the pin moves, re-read
the methods each patch names, update or drop the patch, then change WRITTEN_FOR.
"""

from __future__ import annotations

import rasa

WRITTEN_FOR = "3.6.21"
_applied = False


def apply() -> None:
    """Switches every patch on; calling it again changes nothing. On any other Rasa it raises, so the server
    refuses to start rather than run a patch that may no longer fit."""
    global _applied
    if _applied:
        return
    if rasa.__version__ != WRITTEN_FOR:
        raise RuntimeError(
            f"server/patches were written for Rasa {WRITTEN_FOR}, not {rasa.__version__}: re-read "
            "RemoteAction._validate_action_result, FailSafeTrackerStore, Event.resolve_by_type and "
            "RulePolicy._get_possible_keys and DaskGraphRunner.run, then update or remove each patch"
        )
    from server.patches import compiled_action_schema, event_types, graph_runner, no_silent_restart, rule_search

    compiled_action_schema.patch()
    no_silent_restart.patch()
    event_types.patch()
    rule_search.patch()
    graph_runner.patch()
    _applied = True
