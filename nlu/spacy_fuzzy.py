"""A spaCy component that finds misspelt practice, partner and street names the EntityRuler's exact patterns miss."""

from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from facts.wording import GENERIC_WORDS, match_form

MIN_CHARS = 5  # shorter words are too easily one typo away from another word
MAX_TOKENS = 5  # the longest name a resident types, in tokens
NAME_OPENERS = frozenset({"the", "dr", "drs"})
COMPACT_MIN_CHARS = 8  # a name typed as one word ("juntionmedical"); shorter words are ordinary words too
# Stricter than for spaced names: run together, "themedicalcentre" is a few letters from "therisemedicalcentre".
COMPACT_THRESHOLD = 92
MAX_DOC_TOKENS = 80  # past this a message is not a question about one practice; keep long input cheap
# Words already judged, name word or not: the same few thousand come back in every message (and in every training
# message), and each judgement is a fuzzy search over every word of every name. Bounded, so odd input can't grow it.
NAME_WORDS_KEPT = 50_000


@Language.factory("fuzzy_names", default_config={"labels": ["practice", "partner", "street"], "threshold": 88})
def make_fuzzy_names(nlp: Language, name: str, labels: list[str], threshold: int) -> "FuzzyNames":
    return FuzzyNames(nlp, labels, threshold)


class FuzzyNames:
    """Matches windows of tokens against the EntityRuler's phrase patterns by edit similarity."""

    def __init__(self, nlp: Language, labels: list[str], threshold: int):
        self.nlp, self.labels, self.threshold = nlp, labels, threshold
        self._choices = None
        self._words: set[str] = set()
        self._word_list: list[str] = []
        self._by_length: dict[int, list[str]] = {}
        self._compact: dict[str, str] = {}
        self._compact_list: list[str] = []
        self.is_name_word = lru_cache(maxsize=NAME_WORDS_KEPT)(self._is_name_word)

    def choices(self) -> dict[str, tuple[str, str]]:
        # Read lazily: the ruler's patterns are loaded from disk after this component is made.
        if self._choices is None:
            ruler = self.nlp.get_pipe("entity_ruler")
            self._choices = {
                p["pattern"]: (p["label"], p.get("id", ""))
                for p in ruler.patterns
                if p["label"] in self.labels and isinstance(p["pattern"], str) and len(p["pattern"]) >= MIN_CHARS
            }
            self._words = {word for pattern in self._choices for word in pattern.split()}
            self._word_list = sorted(self._words)
            self._by_length = {}
            # Whole names and, for practices, their first words ("juntionmedical" is "junction medical practice").
            for pattern, (label, _) in self._choices.items():
                words = pattern.split()
                ends = range(2, len(words) + 1) if label == "practice" else [len(words)] if len(words) > 1 else []
                for end in ends:  # only runs with a distinctive word: "medicalcentre" is no practice's name
                    if set(words[:end]) - GENERIC_WORDS:
                        self._compact.setdefault("".join(words[:end]), pattern)
            self._compact_list = list(self._compact)
            for pattern in self._choices:
                self._by_length.setdefault(len(pattern.split()), []).append(pattern)
        return self._choices

    def _is_name_word(self, word: str) -> bool:
        """Whether a word is, or is a typo of, a word of some name: a window must start and end with one."""
        self.choices()
        return word in self._words or (
            len(word) >= 4 and process.extractOne(word, self._word_list, scorer=fuzz.ratio, score_cutoff=80) is not None
        )

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) > MAX_DOC_TOKENS:
            return doc
        found = []
        choices = self.choices()
        for token in doc:  # "hanleyprimarycare", "juntionmedical": a name run together, compared without spaces
            if len(token.text) >= COMPACT_MIN_CHARS and token.is_alpha and token.lower_ not in self._words:
                best = process.extractOne(
                    token.lower_, self._compact_list, scorer=fuzz.ratio, score_cutoff=COMPACT_THRESHOLD
                )
                if best:
                    label, ent_id = choices[self._compact[best[0]]]
                    found.append((best[1], Span(doc, token.i, token.i + 1, label=label, span_id=ent_id)))
        for start in range(len(doc)):
            for end in range(start + 1, min(start + MAX_TOKENS, len(doc)) + 1):
                window = doc[start:end]
                # "the" and "dr" may begin a name ("The Miller Practice"); other stop and generic words don't.
                first, last = window[0], window[-1]
                if (
                    first.lower_ not in NAME_OPENERS
                    and (first.is_stop or first.lower_ in GENERIC_WORDS)
                    or last.is_stop
                    or not (self.is_name_word(first.lower_) and self.is_name_word(last.lower_))
                ):
                    continue
                text = match_form(window.text)
                if len(text) < MIN_CHARS:
                    continue
                # Only names of as many words: "partnership" must not match "partnership gp".
                best = process.extractOne(
                    text, self._by_length.get(len(text.split()), []), scorer=fuzz.ratio, score_cutoff=self.threshold
                )
                if best and not (first.lower_ == "the" and not best[0].startswith("the ")):
                    label, ent_id = self.choices()[best[0]]
                    found.append((best[1], Span(doc, start, end, label=label, span_id=ent_id)))
        # Where spans overlap the longest wins, so "archway medcal centre" beats the ruler's "archway".
        doc.ents = filter_spans([*doc.ents, *(span for _, span in found)])
        return doc
