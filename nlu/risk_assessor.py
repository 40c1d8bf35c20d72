"""Risk assessment: which tier of danger a message shows, judged on its meaning, with the safety phrases as a floor.

It runs last in the NLU pipeline and decides, for every message, between three outcomes:
- the takeover: the tier's own reply (999 first) replaces whatever the classifier predicted;
- the answer plus one safety line: a risk signal that is not confidently a danger now, or a danger plainly in the
  past or about a service, gets the real answer (or the refusal) and the tier's line after it, never a bare refusal;
- the answer alone.

Tiers (docs/clinical-safety.md): emergency now (overdoses and poisonings included), crisis (suicidal thoughts,
self-harm), danger from other people now, urgent but not an emergency, and none.

The meaning is a logistic regression over the sentence embedding the intent classifier already computed for the
message (one encoder pass, shared). It is trained on wordings written for the tiers outside the intent data
(nlu/risk_data/), on the intent data itself (its safety intents, and every other intent as "none") and on
public consumer health questions as hard negatives. A message in another language is not read here: it gets the
safety card in its language (nlu/languages.py).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import languages, risk_model
from nlu.clauses import parts
from nlu.risk_model import (
    RISK_DATA_DIR,
    TIER_OF_INTENT,
    Assessment,
    assess,
    dangers,
    fit,
    load_risk_examples,
    training_examples,
)
from nlu.safety_net import is_not_now, load_patterns, safety_phrase
from nlu.sentence_encoder import EMBEDDING_PROPERTY

logger = logging.getLogger(__name__)
RISK_MODEL_CODE = Path(risk_model.__file__)

# The intent (and so the rule and the reply) of each tier's takeover.
TAKEOVER_INTENT = {"emergency": "emergency", "crisis": "self_harm", "danger_others": "danger_from_others"}
TAKEOVER_INTENTS = frozenset(TAKEOVER_INTENT.values())
OTHER_LANGUAGE = "other_language"
FALLBACK_INTENT = "nlu_fallback"
# Replies that are a fixed template with no room for a safety line: a message with a risk signal that the
# classifier took for one of these is answered by the refusal, which names where to go, and the line.
TEMPLATE_INTENTS = frozenset(
    {"greet", "goodbye", "thank", "bot_challenge", "ask_capabilities", "feedback_helpful", "feedback_not_helpful"}
)
# The message properties the actions read (actions/actions.py) and the evaluation reports.
SAFETY_LINE = "safety_line"
RISK = "risk"
SAFETY_LINE_RESPONSES = {
    "emergency": "utter_safety_line_emergency",
    "crisis": "utter_safety_line_self_harm",
    "danger_others": "utter_safety_line_danger",
    "urgent": "utter_safety_line_urgent",
}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class RiskAssessor(GraphComponent):
    """Runs last in the NLU pipeline, so its decision overrides both the classifier and the fallback."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The takeover thresholds were chosen by `make risk-choice`'s rule (cross-validation on the training data) on
        # 4 Dec 2026 before the second helper's wordings were added; the rest, and keeping those thresholds after, on
        # the dev blind set and the held-out trust sets (both seen). Rerun on 6 Dec's data (3,358 wordings) the rule
        # picks emergency 0.7 and danger from others 0.2 at C 30, and no crisis threshold meets it
        # (reports/risk_choice.md): the second sign is what keeps crises precise. Those picks changed nothing on the
        # seen blind sets, so these settings stayed; the clean sets (fresh2, fresh3) measured them.
        return {
            "C": 30.0,
            # Any danger at least this likely takes over with the most likely tier's reply, when a second sign backs
            # it: a safety phrase, the intent classifier's own safety guess at `classifier_agrees` or more, or a
            # danger of `sure` or more. Lower for a crisis or danger from others than for a medical emergency,
            # whose wordings are close to same-day problems.
            "takeover": {"emergency": 0.6, "crisis": 0.4, "danger_others": 0.3},
            "classifier_agrees": 0.7,
            # With the intent classifier's own safety guess at `classifier_agrees` or more, a danger this likely is
            # enough: two readings that agree (fourth 6 Dec session, when the new risk wordings left "my mum's lips
            # have gone blue", a seen held-out emergency, at 0.58 while the classifier read emergency at 0.99).
            "agreed_takeover": 0.5,
            # A danger this likely is its own second sign, by tier. A crisis told beside an ordinary request ("I am
            # writing to ask about batteries for my hearing aid. I also wanted to say I don't intend to see another
            # winter") leaves the intent classifier reading the request, so the meaning alone has to be enough.
            # Eighth session (7 Dec), replaying the seen blind sets' English messages and the held-out sets (4,932):
            # 0.7 for a crisis and danger from others, 0.8 for an emergency, since same-day problems and medicines
            # questions read close to one ("side effects of metformin? my stomach has been off" read emergency 0.78);
            # 0.6 took 19 more dangers but 8 more harmless messages ("i want to kill some time before my train").
            # Ninth session: with the risk model's character n-grams, short harmless messages read higher ("i want to
            # sleep in tomorrow" crisis 0.72, "take off my shoes before coming in they said" danger 0.71, both
            # held-out), and emergencies lower. Replayed again over the same seen and held-out messages (4,910), the
            # bars that keep the held-out sets free of false alarms and take over the most dangers are 0.7 for an
            # emergency, 0.75 for danger from others and 0.8 for a crisis: 1,973 of 2,037 dangers, 9 harmless.
            "sure": {"emergency": 0.7, "crisis": 0.8, "danger_others": 0.75},
            # A safety phrase in a message that is not a question takes over when the meaning backs it this much. In
            # a question, or alone as the whole message, it only backs a likely danger: no single word takes over.
            "phrase_min": 0.2,
            # A crisis this likely names the crisis reply even when an emergency is likelier: an overdose taken on
            # purpose gets 999 first and the crisis lines. Both replies lead with 999; raised from 0.25 on 6 Dec, when
            # the new crisis wordings made "cut my hand badly and the bleeding won't stop" (a seen trust message)
            # read as crisis 0.41.
            "crisis_first": 0.45,
            # Any danger at least this likely, short of the takeover, adds the tier's safety line.
            "signal": 0.2,
            # A sign of the past ("last week", "used to") counts only in the part of the message that carries the
            # danger, when the whole message reads at least this dangerous: "She had a water infection last week."
            # beside "her skin looks blotchy and she's not making sense" is history, not the danger (7 Dec).
            "past_in_danger_part": 0.5,
            # The urgent tier at least this likely adds the line "call 111 or your GP today".
            "urgent": 0.5,
            # A classifier guess below this is no answer: the refusal (with the line) is given instead.
            "fallback_threshold": 0.3,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Its own data and the code that makes its features and fits it, which the graph doesn't see: without this,
        Rasa's training cache would keep the last model after nlu/risk_data/ or nlu/risk_model.py changed, and the
        server would load a model whose features the code no longer makes."""
        digest = hashlib.sha256()
        for path in [*sorted(RISK_DATA_DIR.glob("*.yml")), RISK_MODEL_CODE]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskAssessor:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: dict[str, Any] | None = None,
    ) -> None:
        for key in ("takeover", "sure"):  # by tier: a plain number in config.yml would fail on the first message
            if not isinstance(config[key], dict) or set(config[key]) != set(TAKEOVER_INTENT):
                raise ValueError(f"RiskAssessor's {key!r} needs a threshold for each tier: {sorted(TAKEOVER_INTENT)}")
        self.config = config
        self._storage, self._resource = model_storage, resource
        self.model = model
        self.patterns = load_patterns()

    def train(self, training_data: TrainingData) -> Resource:
        from nlu.sentence_encoder import encode_with_disk_cache

        texts, tiers = training_examples(training_data, load_risk_examples())
        self.model = fit(texts, encode_with_disk_cache(texts), tiers, self.config["C"])
        with self._storage.write_to(self._resource) as directory:
            (directory / "risk.pkl").write_bytes(pickle.dumps(self.model))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskAssessor:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / "risk.pkl").read_bytes())  # noqa: S301 (our own trained model)
        except (ValueError, FileNotFoundError):
            logger.warning("The risk assessor has no trained model: only the safety phrases will be used.")
        languages.detector()  # load the language model and word list now, so the first resident isn't kept waiting
        languages.english_words()
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.check(message)
        return messages

    def check(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text or text.startswith("/"):  # a button's payload is never a risk
            return
        language = languages.detect(text)
        if language is not None:
            self.other_language(message, language)
            return
        predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if predicted == OTHER_LANGUAGE:  # the classifier thought so, but the detector reads English
            self.demote(message)
        answer = self.real_question(message)
        embedding = message.get(EMBEDDING_PROPERTY)
        if embedding is None and self.model is not None:  # the intent classifier ran without its embedding
            embedding = self.embed(text)
        found = self.assess(text, embedding, asks_something=answer is not None)
        message.set(RISK, {"tier": found.tier, "probabilities": found.probabilities}, add_to_output=True)
        tier = self.takeover_tier(found, classifier_agrees=self.classifier_agrees(message))
        if tier:
            message.set(INTENT, {INTENT_NAME_KEY: TAKEOVER_INTENT[tier], PREDICTED_CONFIDENCE_KEY: 1.0}, True)
            return
        line = self.line_tier(found)
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in TAKEOVER_INTENTS:
            self.demote(message)  # the classifier's own safety guess, which the assessment does not back
        if line:
            message.set(SAFETY_LINE, SAFETY_LINE_RESPONSES[line], add_to_output=True)
            # A risk that may be now, read as a greeting or thanks: the refusal, which can carry the line. A past
            # mention ("thanks, that helps after my stroke last year") keeps its reply.
            if not found.not_now and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in TEMPLATE_INTENTS:
                message.set(INTENT, {INTENT_NAME_KEY: "out_of_scope", PREDICTED_CONFIDENCE_KEY: 1.0}, True)

    def classifier_agrees(self, message: Message) -> bool:
        """The intent classifier's own first guess is a safety intent, and a confident one."""
        first = (message.get(INTENT_RANKING_KEY) or [{}])[0]
        confident = (first.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self.config["classifier_agrees"]
        return first.get(INTENT_NAME_KEY) in TAKEOVER_INTENTS and confident

    def assess(self, text: str, embedding: np.ndarray | None, asks_something: bool) -> Assessment:
        if self.model is None or embedding is None:  # no meaning to weigh: the phrases decide alone
            phrase = safety_phrase(text, self.patterns)
            tier = TIER_OF_INTENT[phrase[0]] if phrase else "emergency"
            not_now = is_not_now(text, self.patterns, asks_something)
            return Assessment(tier, 1.0 if phrase else 0.0, {}, tier if phrase else None, not_now, bool(phrase))
        found = assess(self.model, embedding, text, self.patterns, asks_something)
        past_elsewhere = found.not_now and found.probability >= self.config["past_in_danger_part"]
        return (
            replace(found, not_now=False) if past_elsewhere and self.danger_part_is_now(text, asks_something) else found
        )

    def danger_part_is_now(self, text: str, asks_something: bool) -> bool:
        """The part of the message that reads most dangerous (nlu/clauses.py parts) is itself dangerous and shows no
        sign of the past or of a service: the sign that made the whole message "not now" is in another part. The
        parts are usually in the encoder's cache already, since the intent classifier read them."""
        texts = parts(text)
        vectors = self.embed_all(texts) if len(texts) >= 2 else None
        if vectors is None:
            return False
        danger = dangers(self.model, texts, vectors)
        best = int(np.argmax(danger))
        return danger[best] >= self.config["past_in_danger_part"] and not is_not_now(
            texts[best], self.patterns, asks_something
        )

    def takeover_tier(self, found: Assessment, classifier_agrees: bool = False) -> str | None:
        """The tier whose reply takes over, or None. Past events and services never take over."""
        if found.not_now or found.one_word:
            return None
        preparing = found.preparing and found.tier == "crisis"  # a goodbye or a means gathered, beside a likely crisis
        backed = (
            preparing or found.phrase_tier or classifier_agrees or found.probability >= self.config["sure"][found.tier]
        )
        if found.probability >= self.config["takeover"][found.tier] and backed:
            return self.reply_tier(found)
        if classifier_agrees and found.probability >= self.config["agreed_takeover"]:
            return self.reply_tier(found)
        if found.phrase_strong and found.probability >= self.config["phrase_min"]:
            return found.phrase_tier
        return None

    def reply_tier(self, found: Assessment) -> str:
        if found.tier == "emergency" and found.probabilities.get("crisis", 0.0) >= self.config["crisis_first"]:
            return "crisis"
        return found.tier

    def line_tier(self, found: Assessment) -> str | None:
        """The tier whose safety line follows the answer, or None."""
        if found.phrase_tier:
            return found.phrase_tier
        if found.probability >= self.config["signal"]:
            return found.tier
        if found.probabilities.get("urgent", 0.0) >= self.config["urgent"]:
            return "urgent"
        return None

    @classmethod
    def embed(cls, text: str) -> np.ndarray | None:
        vectors = cls.embed_all([text])
        return None if vectors is None else vectors[0]

    @staticmethod
    def embed_all(texts: list[str]) -> np.ndarray | None:
        try:
            from nlu.sentence_encoder import encoder

            return encoder().encode(texts)
        except (ImportError, OSError, ValueError):
            return None

    def other_language(self, message: Message, language: str) -> None:
        """The safety card in the resident's language and in English, for whatever the message says."""
        message.set(INTENT, {INTENT_NAME_KEY: OTHER_LANGUAGE, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
        entity = {"entity": "language", "value": language, "start": 0, "end": len(message.get(TEXT) or "")}
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), {**entity, "extractor": "RiskAssessor"}], True)
        message.set(RISK, {"tier": "unknown", "language": language}, add_to_output=True)

    def real_question(self, message: Message) -> dict | None:
        """The classifier's best guess other than a safety intent, if it is a confident in-scope question."""
        best = self.best_other(message)
        if best[INTENT_NAME_KEY] in (FALLBACK_INTENT, "out_of_scope", OTHER_LANGUAGE):
            return None
        return best if best[PREDICTED_CONFIDENCE_KEY] >= self.config["fallback_threshold"] else None

    @staticmethod
    def best_other(message: Message) -> dict:
        skipped = TAKEOVER_INTENTS | {OTHER_LANGUAGE}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] not in skipped]
        ranking = [r for r in ranking if r[INTENT_NAME_KEY] != FALLBACK_INTENT] or ranking
        return ranking[0] if ranking else {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 0.0}

    def demote(self, message: Message) -> None:
        """Replace a guess the assessment doesn't back by the best other intent, or the fallback when that is unsure."""
        best = self.best_other(message)
        if best[PREDICTED_CONFIDENCE_KEY] < self.config["fallback_threshold"]:
            best = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0 - best[PREDICTED_CONFIDENCE_KEY]}
        message.set(INTENT, dict(best), add_to_output=True)
