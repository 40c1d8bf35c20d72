"""Sends every held-out and out-of-scope message to the running bot over REST and scores the replies."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from measure.quality.expected import REFUSALS, expected_facts, is_right, reply_kind, reply_text
from measure.quality.heldout import Scores
from ops.settings import HELDOUT_DIR

OUT_OF_SCOPE = HELDOUT_DIR / "out_of_scope.yml"


@dataclass
class Turn:
    text: str
    gold: str
    entities: list[dict]
    expected: list[str]
    predicted: str = ""
    confidence: float = 0.0
    found_entities: list[dict] = field(default_factory=list)
    reply: str = ""

    @property
    def in_scope(self) -> bool:
        return self.gold != "out_of_scope"

    @property
    def kind(self) -> str:
        return reply_kind(self.reply)

    @property
    def right(self) -> bool:
        return is_right(self.reply, self.expected)


def load_turns(*paths: Path) -> list[Turn]:
    from rasa.shared.nlu.training_data.loading import load_data

    turns = []
    for path in paths:
        for example in load_data(str(path)).intent_examples:
            text, gold, entities = example.get("text"), example.get("intent"), example.get("entities") or []
            turns.append(Turn(text, gold, entities, expected_facts(gold, text, entities)))
    return turns


async def _ask(session: aiohttp.ClientSession, url: str, turn: Turn, gate: asyncio.Semaphore) -> None:
    sender = f"eval-{uuid.uuid4().hex[:12]}"  # a fresh conversation, so no slot carries over
    async with gate:
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": turn.text}) as r:
            r.raise_for_status()
            turn.reply = reply_text(await r.json())
        async with session.get(f"{url}/conversations/{sender}/tracker") as r:
            r.raise_for_status()
            latest = (await r.json())["latest_message"]
    turn.predicted = latest["intent"].get("name") or ""
    turn.confidence = latest["intent"].get("confidence") or 0.0
    turn.found_entities = latest.get("entities") or []


async def ask_all(url: str, turns: list[Turn], concurrency: int = 4) -> list[Turn]:
    gate = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(_ask(session, url, turn, gate) for turn in turns))
    return turns


@dataclass
class RestScores:
    intents: Scores  # in-scope intent accuracy and practice entity P/R/F1 (heldout.py's Scores)
    answered_right: int  # in-scope replies carrying the expected fact
    in_scope: int
    false_refusals: int  # in-scope messages that got the refusal, did-you-mean or default fallback
    oos: int
    oos_refused: int  # out-of-scope intent predicted (or fallback) and reply a refusal
    false_answers: int  # out-of-scope messages that got something other than a refusal or safety reply
    oos_safety: int  # out-of-scope messages that got a safety reply: acceptable, counted apart
    oos_intent_right: int

    @property
    def answer_accuracy(self) -> float:
        return self.answered_right / self.in_scope if self.in_scope else 0.0

    @property
    def false_refusal_rate(self) -> float:
        return self.false_refusals / self.in_scope if self.in_scope else 0.0

    @property
    def false_answer_rate(self) -> float:
        return self.false_answers / self.oos if self.oos else 0.0


def score(turns: list[Turn]) -> RestScores:
    intents = Scores()
    for t in (t for t in turns if t.in_scope):
        intents.add(t.text, t.gold, t.predicted, t.confidence, t.entities, t.found_entities)
    inside = [t for t in turns if t.in_scope]
    outside = [t for t in turns if not t.in_scope]
    return RestScores(
        intents=intents,
        answered_right=sum(t.right for t in inside),
        in_scope=len(inside),
        false_refusals=sum(t.kind in REFUSALS for t in inside),
        oos=len(outside),
        oos_refused=sum(t.kind in REFUSALS for t in outside),
        false_answers=sum(t.kind not in REFUSALS | {"safety"} for t in outside),
        oos_safety=sum(t.kind == "safety" for t in outside),
        oos_intent_right=sum(t.predicted in ("out_of_scope", "nlu_fallback") for t in outside),
    )
