"""What the editors' report says: which messages went unanswered, grouped, and how answers were received."""

from __future__ import annotations

import inspect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances
from sklearn.pipeline import FeatureUnion

from review.conversations import Turn

HELPFUL, NOT_HELPFUL = "feedback_helpful", "feedback_not_helpful"
SOMETHING_ELSE = "out_of_scope"  # the "Something else" button under "Did you mean"
# Messages closer than this (cosine distance, average linkage) share a group. Chosen by looking at the groups it
# makes of data/nlu.yml's out_of_scope examples (appointments, test results, council tax each fall together) and
# of the seeded test conversations; never on the held-out sets.
DISTANCE_THRESHOLD = 0.8
# Words that every question here may share say nothing about what was asked ("…in Islington", "…near me").
COMMON_WORDS = sorted(ENGLISH_STOP_WORDS | {"islington", "ccg", "nhs"})

# Why a message counts as unanswered, in the words the report uses.
OUT_OF_SCOPE, FALLBACK, DID_YOU_MEAN, VOTED_NO = "out of scope", "not understood", "did you mean", "voted No"


def is_answer(turn: Turn) -> bool:
    """A factual answer is the one that asks "Was this helpful?" afterwards (actions.ask_for_feedback)."""
    return "utter_ask_feedback" in turn.responses


def is_vote(turn: Turn) -> bool:
    return turn.intent in (HELPFUL, NOT_HELPFUL)


def why_unanswered(turn: Turn) -> str | None:
    if turn.is_button:
        return None
    if "utter_out_of_scope" in turn.responses:
        return OUT_OF_SCOPE
    if "utter_did_you_mean" in turn.responses:
        return DID_YOU_MEAN
    if turn.intent == "nlu_fallback" or "action_default_fallback" in turn.actions or "utter_default" in turn.responses:
        return FALLBACK
    return None


def by_conversation(turns: list[Turn]) -> dict[str, list[Turn]]:
    grouped: dict[str, list[Turn]] = defaultdict(list)
    for turn in turns:
        grouped[turn.conversation].append(turn)
    return grouped


def asked_before(turns: list[Turn], index: int) -> Turn | None:
    """The resident's own words that an answer (or a vote on it) was about, skipping button presses and votes."""
    for turn in reversed(turns[: index + 1]):
        if not turn.is_button and not is_vote(turn):
            return turn
    return None


@dataclass
class Unanswered:
    turn: Turn
    reasons: set[str] = field(default_factory=set)


def unanswered(turns: list[Turn]) -> list[Unanswered]:
    """Every resident message that got a refusal, a fallback, a "did you mean", or whose answer was voted No."""
    found: dict[int, Unanswered] = {}
    for conversation in by_conversation(turns).values():
        for index, turn in enumerate(conversation):
            reason = why_unanswered(turn)
            if reason:
                found.setdefault(id(turn), Unanswered(turn)).reasons.add(reason)
            if turn.intent == NOT_HELPFUL:
                asked = asked_before(conversation, index - 1)
                if asked is not None:
                    found.setdefault(id(asked), Unanswered(asked)).reasons.add(VOTED_NO)
    return sorted(found.values(), key=lambda u: u.turn.at)


@dataclass
class Message:
    number: int  # within its group; what `make accept PICK=` refers to
    text: str
    count: int
    reasons: list[str]


@dataclass
class Cluster:
    number: int  # rank by size; what `make accept CLUSTER=` refers to
    size: int
    first_seen: datetime
    last_seen: datetime
    messages: list[Message]
    best_guess: str
    confidence: float
    reasons: dict[str, int]


def message_key(text: str) -> str:
    """What makes two residents' messages the same question: their words, ignoring case and spacing."""
    return " ".join(text.lower().split())


def group_numbers(texts: list[str], threshold: float = DISTANCE_THRESHOLD) -> list[int]:
    """A group label per text: TF-IDF of words and character n-grams, then agglomerative clustering."""
    if len(texts) < 2:
        return [0] * len(texts)
    # Words say what was asked; character n-grams catch typos and word forms ("park", "parking").
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words=COMMON_WORDS)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    both = FeatureUnion([("words", words), ("chars", chars)], transformer_weights={"words": 0.6, "chars": 0.4})
    try:
        vectors = both.fit_transform(texts)
    except ValueError:  # no telling word in any of them ("what?", "who"): compare their letters alone
        try:
            vectors = chars.fit_transform(texts)
        except ValueError:  # nothing to compare at all: each wording is its own group
            return list(range(len(texts)))
    distances = cosine_distances(vectors)
    # scikit-learn renamed `affinity` to `metric` in 1.2; Rasa 3.6 pins 1.1.
    metric = "metric" if "metric" in inspect.signature(AgglomerativeClustering).parameters else "affinity"
    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, linkage="average", **{metric: "precomputed"}
    )
    return [int(label) for label in model.fit_predict(np.asarray(distances))]


def best_guess(turns: list[Turn]) -> tuple[str, float]:
    """The intent with the highest mean confidence over the group's messages (nlu_fallback left out)."""
    totals: Counter[str] = Counter()
    for turn in turns:
        for name, confidence in turn.ranking:
            totals[name] += confidence
    if not totals:
        return "", 0.0
    name, total = max(totals.items(), key=lambda item: (item[1], item[0]))
    return name, total / len(turns)


def clusters(items: list[Unanswered]) -> list[Cluster]:
    """Unanswered messages grouped by similarity, biggest group first and numbered from 1."""
    by_text: dict[str, list[Unanswered]] = defaultdict(list)
    for item in items:
        by_text[message_key(item.turn.text)].append(item)
    texts = sorted(by_text)
    groups: dict[int, list[str]] = defaultdict(list)
    for text, label in zip(texts, group_numbers(texts), strict=True):
        groups[label].append(text)
    built = [cluster_of([item for text in members for item in by_text[text]]) for members in groups.values()]
    built.sort(key=lambda c: (-c.size, c.first_seen, c.messages[0].text))
    for number, cluster in enumerate(built, start=1):
        cluster.number = number
    return built


def cluster_of(items: list[Unanswered]) -> Cluster:
    by_text: dict[str, list[Unanswered]] = defaultdict(list)
    for item in items:
        by_text[message_key(item.turn.text)].append(item)
    # Most asked wording first; the first wording a resident used stands for each message_key.
    ordered = sorted(by_text.values(), key=lambda same: (-len(same), message_key(same[0].turn.text)))
    messages = [
        Message(n, same[0].turn.text, len(same), sorted({r for item in same for r in item.reasons}))
        for n, same in enumerate(ordered, start=1)
    ]
    guess, confidence = best_guess([item.turn for item in items])
    times = [item.turn.at for item in items]
    reasons = dict(Counter(r for item in items for r in item.reasons).most_common())
    return Cluster(0, len(items), min(times), max(times), messages, guess, confidence, reasons)


def did_you_mean_choices(turns: list[Turn]) -> list[tuple[str, str, int]]:
    """(what the assistant guessed first, what the resident picked, times), most frequent first."""
    picked: Counter[tuple[str, str]] = Counter()
    for conversation in by_conversation(turns).values():
        for turn, following in zip(conversation, [*conversation[1:], None], strict=True):
            if "utter_did_you_mean" not in turn.responses:
                continue
            guessed = turn.ranking[0][0] if turn.ranking else ""
            if following is not None and following.is_button and not is_vote(following):
                picked[(guessed, following.intent)] += 1
            else:
                picked[(guessed, "")] += 1  # typed something else, or left
    return [(guessed, chosen, n) for (guessed, chosen), n in picked.most_common()]


@dataclass
class TopicQuality:
    topic: str
    answers: int = 0
    yes: int = 0
    no: int = 0
    ended_after: int = 0  # answers after which the resident said nothing more (a vote aside)


def answer_quality(turns: list[Turn]) -> list[TopicQuality]:
    topics: dict[str, TopicQuality] = {}
    for conversation in by_conversation(turns).values():
        last_answer: TopicQuality | None = None
        for turn in conversation:
            if is_answer(turn):
                last_answer = topics.setdefault(turn.intent, TopicQuality(turn.intent))
                last_answer.answers += 1
            elif is_vote(turn):
                if last_answer is not None:
                    last_answer.yes += turn.intent == HELPFUL
                    last_answer.no += turn.intent == NOT_HELPFUL
            else:
                last_answer = None
        spoken = [turn for turn in conversation if not is_vote(turn)]
        if spoken and is_answer(spoken[-1]):
            topics[spoken[-1].intent].ended_after += 1
    return sorted(topics.values(), key=lambda t: (-t.answers, t.topic))


def conversations_per_day(turns: list[Turn]) -> dict[date, int]:
    started = {conv: min(t.at for t in conversation) for conv, conversation in by_conversation(turns).items()}
    return dict(sorted(Counter(at.date() for at in started.values()).items()))
