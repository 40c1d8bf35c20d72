"""Builds build/english_words.txt: the words a message in English is mostly made of, for nlu/languages.py.

The 50,000 commonest word forms of spaCy's English lexeme probabilities (spacy-lookups-data, MIT, installed from
PyPI with the locked dependencies: nothing is downloaded), which include everyday typos and text-speak ("pls",
"ur", "gp"), plus every word in the facts (practice, street and partner names). A message of several words that
is mostly outside this list is not English, whatever language it is in: Lingua weighs only the languages it is given,
and knows none of Twi, Igbo or Hausa.
Usage: python -m nlu.builders.english_words [OUTPUT]
"""

from __future__ import annotations

import argparse
import gzip
import heapq
import json
from importlib import resources
from pathlib import Path

from facts.loader import DATA_DIR
from nlu.languages import LETTERS
from ops.settings import ENGLISH_WORDS

COMMONEST = 50_000


def english_words() -> list[str]:
    table = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(table.open("rb")) as stream:
        probabilities = json.load(stream)
    words = {w.lower() for w, _ in heapq.nlargest(COMMONEST, probabilities.items(), key=lambda item: item[1])}
    for path in sorted(DATA_DIR.glob("*.yml")):
        words.update(w.lower() for w in LETTERS.findall(path.read_text(encoding="utf-8")))
    return sorted(w for w in words if LETTERS.fullmatch(w))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=ENGLISH_WORDS, help="where to write the list")
    output = parser.parse_args().output
    output.parent.mkdir(parents=True, exist_ok=True)
    words = english_words()
    output.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{output}: {len(words)} words")


if __name__ == "__main__":
    main()
