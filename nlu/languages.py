"""Which language a message is in, when it is not English, so that the resident gets the safety card in it.

Three checks, offline, in this order:
- the script: a message mostly in Bengali, Arabic or Greek letters is in that language; one mostly in a script no
  card covers (Ethiopic, Cyrillic, Devanagari, Chinese...) gets the default card, English with 999 first;
- Bengali and Arabic typed in Latin letters, which no detector reads: two distinct words from the lists in
  languages.yml (written here, because no maintained package knows these spellings);
- Lingua (lingua-language-detector, Apache 2.0), whose wheel bundles its models: nothing is downloaded.

A message is only called another language when it is long enough to tell and Lingua is sure, because a false call
costs an English-speaking resident their answer ("ok thx" reads as Albanian to Lingua).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from pathlib import Path

import yaml

SETTINGS_FILE = Path(__file__).with_name("languages.yml")
WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()


@cache
def settings() -> dict:
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


@cache
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = ["en", *settings()["detector"]["languages"]]
    chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    return LanguageDetectorBuilder.from_languages(*chosen).with_preloaded_language_models().build()


def detector():
    """One detector per process, its models loaded on first use (about 4 s)."""
    with _lock:
        return _detector()


def script_language(text: str) -> str | None:
    """The language whose script most of the message's letters are in: a script a card covers, or one that gets the
    default card (nlu/languages.yml)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        name = unicodedata.name(char, "")
        for script, code in {**settings()["scripts"], **settings()["scripts_without_card"]}.items():
            if name.startswith(script):
                counts[code] = counts.get(code, 0) + 1
    code, count = max(counts.items(), key=lambda item: item[1], default=(None, 0))
    return code if count >= len(letters) / 2 else None


def romanized_language(words: list[str]) -> str | None:
    """Bengali or Arabic typed in Latin letters: at least two distinct words from its list."""
    seen = set(words)
    for code, listed in settings()["romanized"].items():
        if len(seen & set(listed)) >= 2:
            return code
    return None


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the message's language when it is confidently not English, else None."""
    text = text or ""
    code = script_language(text)
    if code:
        return code
    words = [w.lower() for w in WORD.findall(text)]
    code = romanized_language(words)
    if code:
        return code
    rules = settings()["detector"]
    if len([w for w in words if w.isalpha()]) < rules["min_words"]:
        return None
    values = detector().compute_language_confidence_values(text)
    best = values[0]
    english = next((v.value for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
    if best.language.iso_code_639_1.name == "EN" or best.value < rules["min_confidence"]:
        return None
    if english >= rules["max_english"]:
        return None
    return best.language.iso_code_639_1.name.lower()
