"""An intent classifier for an FAQ bot: TF-IDF of character n-grams and spaCy lemmas, beside a sentence embedding,
then logistic regression.

Names found by the spaCy pipeline are replaced by their label before featurising when the option `masked_entities`
says so: "phone for the miller practice" and "phone for archway" are the same question. Partners' names are kept in
config.yml: there are a handful, and they carry meaning ("Moorfields A&E" is the eye emergency, "Whittington A&E"
is not). The n-grams catch typos and the project's own words; the embedding (all-MiniLM-L6-v2, run locally by
nlu.sentence_encoder) carries meaning across wordings nobody wrote for it. Both choices were made by cross-validation
on data/ with CLINC150's validation split for refusals; reports/classifier_choice.md has the figures.

One encoder pass per message: `process` stores the vector it used on the Message under "sentence_embedding"
(nlu.sentence_encoder.EMBEDDING_PROPERTY), a float32 unit vector of 384, for the components after it to reuse. It is
the embedding of the text with the `masked_entities` names replaced by their label ("phone for PRACTICE"), as the
classifier sees it. It is not part of the parse result, so it is never stored in a conversation.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.clauses import clauses, comma_parts, joined_parts
from nlu.intent_model import ALL_ENTITIES, features_text, fit, predict_proba

logger = logging.getLogger(__name__)
PARTS = ("chars", "lemmas", "classifier")
QUESTIONS = "questions"  # the parse data's list of the questions in a message, when there are several
# Whole-message intents that give way to a clause that clearly asks something. Never a safety intent: the risk
# assessor (last in the pipeline) reads the whole message whatever the intent says.
UNSURE_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})
# Intents that aren't a question to answer on their own: greetings, votes, safety (the takeover answers those).
NOT_QUESTIONS = frozenset({"ask_human", "ask_capabilities"})


def is_question_intent(intent: str) -> bool:
    return intent.startswith("ask_") and intent not in NOT_QUESTIONS


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """A linear model over n-grams and a pretrained embedding: quick to train, and a few ms a message on one core,
    most of it the embedding (about 4.5 ms on onnxruntime in make bench-encoder; none for a text seen recently)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 20.0,
            "char_ngram_range": [2, 4],
            "lemma_ngram_range": [1, 2],
            # An n-gram in a single training message is left out: half the features (27,800 to about 14,000), so
            # lbfgs's every step costs less, and 3-fold cross-validation on data/ kept its accuracy (0.9325 with and
            # without; fit 24-42 s against 47-59 s a fold) (issue 23, training time, fourth 6 Dec session).
            "min_df": 2,
            "ranking_length": 10,
            "max_iter": 3000,
            # lbfgs stops when the gradient is this small: at 1e-3 it takes 127 iterations instead of 164 (47 s
            # instead of 67 s on 2 cores) and every training message keeps its intent, each probability within
            # 0.0002 of the 1e-4 default's (issue 23, training time).
            "tol": 1e-3,
            # Scale of the unit-length sentence embedding beside the TF-IDF blocks; 0 leaves it out.
            "embedding_weight": 1.0,
            # The entity types whose names become their label ("PRACTICE") before featurising.
            "masked_entities": list(ALL_ENTITIES),
            # A clause of a message with several questions counts as a question at this confidence or more. Chosen
            # on the seen dev sets of residents' questions (0.5 before the third 6 Dec session).
            "question_threshold": 0.4,
            # A message of several clauses whose second intent is at least this likely is answered for both.
            "runner_up_threshold": 0.2,
            # Below this, the whole message's intent gives way to a clause's clear question.
            "unsure_below": 0.3,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        parts: dict[str, Any] | None = None,
    ) -> None:
        self.config, self._storage, self._resource = config, model_storage, resource
        self.parts = parts

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts, lemma_texts = (
            list(column)
            for column in zip(*(features_text(m, self.config["masked_entities"]) for m in examples), strict=True)
        )
        embeddings = None
        if self.config["embedding_weight"]:
            from nlu.sentence_encoder import encode_with_disk_cache

            embeddings = encode_with_disk_cache(texts)  # only wordings new since the last training are encoded
        self.parts = fit(self.config, texts, lemma_texts, [m.get(INTENT) for m in examples], embeddings)
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.parts is None or not message.get(TEXT):
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            (probabilities,), embeddings = self._read_texts(message, [None])
            if embeddings is not None:
                from nlu.sentence_encoder import EMBEDDING_PROPERTY

                # One encoder pass a message: the risk assessor (nlu/risk_assessor.py) reads the same vector.
                message.set(EMBEDDING_PROPERTY, embeddings[0])
            order = np.argsort(probabilities)[::-1][: self.config["ranking_length"]]
            ranking = [
                {
                    INTENT_NAME_KEY: str(self.parts["classifier"].classes_[i]),
                    PREDICTED_CONFIDENCE_KEY: float(probabilities[i]),
                }
                for i in order
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            self._read_each_question(message)
        return messages

    def _read_each_question(self, message: Message) -> None:
        """Several questions in one message (nlu/clauses.py): each clause's intent, under "questions" in
        the parse data, when at least two clauses ask something with confidence. The actions answer the ones the
        message's intent doesn't. When the whole message reads as off-topic or unsure but one clause is a clear
        question ("my back is killing me. postcode for the junction?"), that clause's intent becomes the message's.
        """
        text = message.get(TEXT)
        spans = clauses(text)
        doc = message.get(SPACY_DOCS[TEXT])
        names = [(ent.start_char, ent.end_char) for ent in doc.ents] if doc is not None else []
        parts = {span: comma_parts(text, span) or joined_parts(text, span, names) for span in spans}
        every = spans + [part for span in spans for part in parts[span]]
        if len(every) < 2:
            return
        read = dict(zip(every, self._read_clauses(message, every), strict=True))
        questions = []
        for span in spans:
            # A clause's parts at a comma are read apart when they ask different confident questions; a part that
            # asks nothing clear ("I twisted my knee") is context, and the whole clause is read as one question.
            # A clause that reads as nothing clear as a whole gives way to the parts that do.
            split = [q for q in (read[part] for part in parts[span]) if q]
            apart = len({q["intent"] for q in split}) >= 2 or (split and read[span] is None)
            questions += split if apart else [q for q in [read[span]] if q]
        whole = message.get(INTENT)
        if questions and (
            whole[INTENT_NAME_KEY] in UNSURE_INTENTS or whole[PREDICTED_CONFIDENCE_KEY] < self.config["unsure_below"]
        ):
            clearest = max(questions, key=lambda q: q["confidence"])
            message.set(
                INTENT,
                {INTENT_NAME_KEY: clearest["intent"], PREDICTED_CONFIDENCE_KEY: clearest["confidence"]},
                add_to_output=True,
            )
        questions += self._runner_up(message, questions)
        if len(questions) >= 2:
            message.set(QUESTIONS, questions, add_to_output=True)

    def _runner_up(self, message: Message, questions: list[dict]) -> list[dict]:
        """The whole message's second intent, as a question of its own, when it is likely too and no clause asked it:
        a message of several clauses splits its probability between the questions it asks ("can i see my records on
        the nhs app and also get my test results on there"). With the message's own intent, if no clause asked it,
        so that both are answered."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        if len(ranking) < 2:
            return []
        whole, second = ranking[0], ranking[1]
        asked = {q["intent"] for q in questions}
        if (
            second[PREDICTED_CONFIDENCE_KEY] < self.config["runner_up_threshold"]
            or not is_question_intent(second[INTENT_NAME_KEY])
            or second[INTENT_NAME_KEY] in asked
            or not is_question_intent(whole[INTENT_NAME_KEY])
        ):
            return []
        span = {"start": 0, "end": len(message.get(TEXT))}
        added = [{"intent": second[INTENT_NAME_KEY], "confidence": second[PREDICTED_CONFIDENCE_KEY], **span}]
        if whole[INTENT_NAME_KEY] not in asked:
            added.insert(0, {"intent": whole[INTENT_NAME_KEY], "confidence": whole[PREDICTED_CONFIDENCE_KEY], **span})
        return added

    def _read_clauses(self, message: Message, spans: list[tuple[int, int]]) -> list[dict | None]:
        """Each span's confident question ({intent, confidence, start, end}), or None, read in one batch."""
        classes = self.parts["classifier"].classes_
        read = []
        for (start, end), probabilities in zip(spans, self._read_texts(message, spans)[0], strict=True):
            best = int(np.argmax(probabilities))
            intent, confidence = str(classes[best]), float(probabilities[best])
            confident = confidence >= self.config["question_threshold"] and is_question_intent(intent)
            read.append({"intent": intent, "confidence": confidence, "start": start, "end": end} if confident else None)
        return read

    def _read_texts(
        self, message: Message, spans: list[tuple[int, int] | None]
    ) -> tuple[list[np.ndarray], np.ndarray | None]:
        """The intents' probabilities for each span of the message (None: the whole message), in one batch, and the
        spans' sentence embeddings (None when the embedding is off)."""
        features = [features_text(message, self.config["masked_entities"], span) for span in spans]
        texts, lemma_texts = [f[0] for f in features], [f[1] for f in features]
        embeddings = None
        if self.config["embedding_weight"]:
            from nlu.sentence_encoder import encoder

            embeddings = encoder().encode(texts)
        return list(predict_proba(self.parts, self.config, texts, lemma_texts, embeddings)), embeddings

    def persist(self) -> None:
        from nlu.skops_import import skops_io

        sio = skops_io()
        with self._storage.write_to(self._resource) as directory:
            for part in PARTS:
                sio.dump(self.parts[part], directory / f"{part}.skops")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        from nlu.skops_import import skops_io

        sio = skops_io()
        try:
            with model_storage.read_from(resource) as directory:
                parts = {}
                for part in PARTS:
                    path = directory / f"{part}.skops"
                    untrusted = sio.get_untrusted_types(file=path)
                    # Only library types are expected: anything else means the model file was tampered with.
                    if any(not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins.")) for t in untrusted):
                        raise ValueError(f"unexpected types in {path.name}: {untrusted}")
                    parts[part] = sio.load(path, trusted=untrusted)
        except ValueError:
            logger.warning("No trained intent classifier in the model; intents will not be predicted.")
            parts = None
        if parts is not None and config["embedding_weight"]:
            from nlu.sentence_encoder import encoder

            encoder()  # load the weights now, so the first resident isn't kept waiting and a missing model fails here
        return cls(config, model_storage, resource, parts)
