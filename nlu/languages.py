"""Which language a message is in, when it is not English, so that the resident gets the safety card in it.

Checks, offline, in this order:
- the script: a message mostly in Bengali, Arabic or Greek letters is in that language; one mostly in a script no
  card covers (Ethiopic, Cyrillic, Devanagari, Chinese, Japanese kana...), or in any other script but Latin, gets the
  default card, English with 999 first;
- Bengali, Arabic and Urdu typed in Latin letters, which no detector reads: two distinct words from the lists in
  languages.yml (written here, because no maintained package knows these spellings); Arabic also by its numerals
  for letters Latin lacks ("3am yedrobni", "ma 2der e7ki"), two distinct words of them;
- Lingua (lingua-language-detector, Apache 2.0), whose wheel bundles its models: nothing is downloaded;
- for the languages none of those knows (Twi, Igbo, Hausa...): Latin letters English never uses ("ɔ", "ọ", "ɗ"),
  or a message of several words mostly outside the English word list (nlu/builders/english_words.py), counted over
  all its words or over its words of three letters or more (the short words of Hausa or Igbo typed without accents,
  "da", "ni", "in", "a", are English spellings too).

A message is only called another language when it is long enough to tell and the evidence is clear, because a false
call costs an English-speaking resident their answer ("ok thx" reads as Albanian to Lingua).
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
LETTERS = re.compile(r"[^\W\d_]+")
# Code of a message in a language none of the checks names: it gets the default card.
UNKNOWN = "und"
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


@cache
def scripts() -> dict[str, str]:
    """Each script's name prefix (unicodedata) and its language code, with a card or without."""
    return {**settings()["scripts"], **settings()["scripts_without_card"]}


@cache
def romanized_words() -> dict[str, frozenset[str]]:
    """Each language typed in Latin letters and its list of words, with a card or without."""
    lists = {**settings()["romanized"], **settings()["romanized_without_card"]}
    return {code: frozenset(words) for code, words in lists.items()}


def script_language(text: str) -> str | None:
    """The language whose script most of the message's letters are in: a script a card covers, or one that gets the
    default card (nlu/languages.yml). A message mostly in scripts other than Latin, none of them listed, is UNKNOWN."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    not_latin = 0
    for char in letters:
        name = unicodedata.name(char, "")
        not_latin += not name.startswith("LATIN")
        for script, code in scripts().items():
            if name.startswith(script):
                counts[code] = counts.get(code, 0) + 1
    if not_latin < len(letters) / 2:
        return None
    return max(counts.items(), key=lambda item: item[1], default=(UNKNOWN, 0))[0]


def romanized_language(words: list[str]) -> str | None:
    """Bengali, Arabic or Urdu typed in Latin letters: at least two distinct words from its list."""
    seen = set(words)
    for code, listed in romanized_words().items():
        if len(seen & listed) >= 2:
            return code
    return None


# Arabic typed in Latin letters writes the letters Latin lacks with numerals: 2 hamza, 3 ain, 5 kha, 6 ta, 7 ha, 9 sad
# ("3am yedrobni", "hala2", "e7ki"). A word of letters with one of those numerals in it counts, unless English writes
# it too: a time, an age, an amount, a postcode, a vitamin, text-speak. "3am" as a time is the one English reading
# such a word has, so two distinct words are needed.
LATIN_WORD = re.compile(r"[a-z0-9']+", re.I)
ARABIC_NUMERAL = re.compile(r"[235679]")
ENGLISH_WITH_NUMERALS = re.compile(
    r"\d+(?:am|pm|st|nd|rd|th|s|k|g|kg|mg|ml|mins?|hrs?|h|x|d|yo|yrs?|wks?|ish)|[a-z]{1,2}\d{1,2}[a-z]?"
    r"|b4|gr8|l8r|m8|w8|h8|2day|2moro|2morrow|2nite|2night|4u|g2g",
    re.I,
)


def arabic_numeral_words(text: str) -> int:
    """How many distinct words of the message are Arabic typed with numerals for letters."""
    words = {w.lower() for w in LATIN_WORD.findall(text)}
    return sum(
        bool(ARABIC_NUMERAL.search(w)) and any(c.isalpha() for c in w) and not ENGLISH_WITH_NUMERALS.fullmatch(w)
        for w in words
    )


def foreign_latin_letters(text: str) -> int:
    """Latin letters English never uses: the IPA's and Latin Extended-B's ("ɔ", "ɛ", "ɗ", "ƙ") and Latin Extended
    Additional's ("ọ", "ẹ", "ị"), which Twi, Igbo, Yoruba, Hausa and Vietnamese are written with."""
    return sum(0x0180 <= ord(c) <= 0x02AF or 0x1E00 <= ord(c) <= 0x1EFF for c in text if c.isalpha())


@cache
def english_words() -> frozenset[str]:
    """The words English messages are mostly made of: built by `make train`, or from the same sources when a
    checkout has not built it yet."""
    from ops.settings import ENGLISH_WORDS

    if ENGLISH_WORDS.exists():
        return frozenset(ENGLISH_WORDS.read_text(encoding="utf-8").split())
    from nlu.builders.english_words import english_words as build

    return frozenset(build())


def english_share(text: str, shortest: int = 1) -> tuple[float, int]:
    """The share of the message's words of `shortest` letters or more that are in the English word list, and how
    many such words it has."""
    words = [w.lower() for w in LETTERS.findall(text) if len(w) >= shortest]
    known = english_words()
    return (sum(w in known for w in words) / len(words) if words else 1.0), len(words)


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
    if arabic_numeral_words(text) >= settings()["arabic_numeral_words"]:
        return "ar"
    rules = settings()["detector"]
    if len([w for w in words if w.isalpha()]) < rules["min_words"]:
        return None
    if english_share(text)[0] >= rules["english_from_share"]:
        # Every word is an English one: neither Lingua nor unknown_language would call it another language, and
        # Lingua was a third of the risk assessor's time a message under load (issue 23, tenth session's profile).
        return None
    values = detector().compute_language_confidence_values(text)
    best = values[0]
    english = next((v.value for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
    lingua_sure = best.language.iso_code_639_1.name != "EN" and best.value >= rules["min_confidence"]
    if lingua_sure and english < rules["max_english"]:
        return best.language.iso_code_639_1.name.lower()
    return UNKNOWN if unknown_language(text) else None


def unknown_language(text: str) -> bool:
    """Not English, in a language none of the other checks knows."""
    rules = settings()["unknown"]
    if foreign_latin_letters(text) >= rules["min_foreign_letters"]:
        return True
    share, words = english_share(text)
    if words >= rules["min_words"] and share < rules["max_english_share"]:
        return True
    share, words = english_share(text, shortest=3)
    return words >= rules["min_words"] and share < rules["max_english_share_of_longer_words"]
