"""The safety phrases: the floor under the risk assessor (nlu/risk_assessor.py), and the signs of "not now".

- A safety phrase (safety_keywords.yml) is a risk signal: with the meaning's support it takes over, and without it
  the answer gets the tier's safety line. A phrase alone never takes over (issue 20: no single word does).
- A phrase plainly not about now (a past event, a service, the CCG, another sense of the word) never takes over: the
  resident gets the real answer and one safety line ("If this is happening now, call 999.").
- A sign of preparing or saying goodbye (`preparing`) is nothing alone; beside a crisis the meaning reads as likely,
  it is the crisis's second sign (nlu/risk_assessor.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

KEYWORDS_FILE = Path(__file__).with_name("safety_keywords.yml")
SAFETY_INTENTS = ("self_harm", "emergency")  # in order of precedence
CONTEXT_CHECKS = ("not_now", "past_if_asking", "happening_now", "asks_about", "preparing")


def load_patterns(path: Path = KEYWORDS_FILE) -> dict[str, re.Pattern]:
    phrases = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: re.compile("|".join(f"(?:{p})" for p in phrases[name]), re.IGNORECASE)
        for name in SAFETY_INTENTS + CONTEXT_CHECKS
    }


def safety_phrase(text: str, patterns: dict[str, re.Pattern]) -> tuple[str, str] | None:
    """The safety intent whose phrases the text contains, self-harm first, and the words that matched."""
    for intent in SAFETY_INTENTS:
        found = patterns[intent].search(text or "")
        if found:
            return intent, found.group(0)
    return None


def safety_intent(text: str, patterns: dict[str, re.Pattern]) -> str | None:
    """The safety intent whose phrases the text contains, self-harm first."""
    return next((intent for intent in SAFETY_INTENTS if patterns[intent].search(text or "")), None)


def is_not_now(text: str, patterns: dict[str, re.Pattern], asks_something: bool = True) -> bool:
    """True when the text is plainly about the past, a service or another sense of the word, and not about now.

    The weaker signs of the past ("had a stroke") count only when the message also asks something we answer.
    """
    text = text or ""
    if patterns["happening_now"].search(text):
        return False
    return bool(patterns["not_now"].search(text)) or (asks_something and bool(patterns["past_if_asking"].search(text)))
