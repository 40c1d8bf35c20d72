"""Builds the project's spaCy pipeline from the facts: blank English, lookup lemmas, entity patterns.

Usage: python -m nlu.builders.spacy_pipeline [OUTPUT_DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from facts import load_facts
from nlu.spacy_patterns import entity_patterns

OUTPUT_DIR = Path("build/spacy/islington_nlp")


def build_pipeline() -> spacy.language.Language:
    nlp = spacy.blank("en")
    # Lookup lemmas need no tagger, so they work without a pretrained model.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    nlp.add_pipe("fuzzy_names")
    nlp.initialize()  # loads the lemma tables from spacy-lookups-data into the pipeline
    ruler.add_patterns(entity_patterns(load_facts()))
    nlp.meta.update(
        name="islington_nlp",
        version="1.0.0",
        description="Islington CCG assistant: entity patterns built from facts/data",
    )
    return nlp


def main(output_dir: Path = OUTPUT_DIR) -> None:
    nlp = build_pipeline()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    print(f"spaCy pipeline with {len(nlp.get_pipe('entity_ruler').patterns)} patterns written to {output_dir}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Build the project's spaCy pipeline from the facts.")
    parser.add_argument("output_dir", type=Path, nargs="?", default=OUTPUT_DIR)
    main(parser.parse_args().output_dir)
