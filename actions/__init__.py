"""The custom actions the action server runs (actions/actions.py)."""
