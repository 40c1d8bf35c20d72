"""Patches to Rasa internals, each checked against the Rasa version it was written for."""
