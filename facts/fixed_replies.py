"""The fixed replies: domain.yml's responses, read once, for every process that gives or recognises one outside Rasa.

Rasa's own NLG reads the responses from the trained model. The REST channel's apology and refusals, HAProxy's
rate-limit reply, the evaluations and the editors' report read them here instead, so that each sentence is written
only in domain.yml. It imports nothing from Rasa, so the launcher, the action server and the tests may use it freely.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ops.settings import DOMAIN

# Said by the REST channel when the bot could not answer at all (the action server or the database is down).
CANNOT_ANSWER_NOW = "utter_cannot_answer_now"


@lru_cache(maxsize=4)
def responses(domain: Path = DOMAIN) -> dict[str, list[dict]]:
    """Every response in domain.yml, by name, with its variations as written (buttons, custom payloads)."""
    return yaml.safe_load(domain.read_text(encoding="utf-8"))["responses"]


def fixed_replies(domain: Path = DOMAIN) -> dict[str, str]:
    """Each response's wording (its first variation's text); a response without text (the vote) has none."""
    return {name: variations[0]["text"] for name, variations in responses(domain).items() if "text" in variations[0]}


def fixed_reply(name: str, domain: Path = DOMAIN) -> str:
    """One response's wording; a KeyError names a response domain.yml lacks."""
    return fixed_replies(domain)[name]
