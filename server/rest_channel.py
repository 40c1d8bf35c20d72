"""The REST channel residents' messages arrive on: Rasa's, plus clean input and never a silent reply."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from server.rate_limit import RateLimits, client_address, trusted_proxies

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000  # longer than any real question; the widget stops at 500
SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# The fixed replies this channel gives itself, without the NLU or the action server (domain.yml).
RATE_LIMITED, EMPTY, TOO_LONG = "utter_rate_limited", "utter_empty_message", "utter_message_too_long"


def clean_text(text: Any) -> str:
    """The message as the NLU should see it: text, no control characters, normal Unicode, trimmed."""
    text = unicodedata.normalize("NFC", text if isinstance(text, str) else "")
    return " ".join(CONTROL.sub(" ", text).split())


def rejection(text: str) -> str | None:
    """The domain response for a message the bot should not try to understand, or None if it's fine."""
    if not text:
        return EMPTY
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG
    return None


class ResidentRestInput(RestInput):
    """POST {"sender": id, "message": text} to /webhooks/rest/webhook; the reply is a list of bot messages."""

    def __init__(self) -> None:
        super().__init__()
        self.limits = RateLimits()
        self.proxies = trusted_proxies()
        # Read from domain.yml at start, not from the loaded model: a missing one fails the start rather than the
        # turn that needs it, and the apology is given even when answering failed for want of a model.
        self.wording = {name: fixed_reply(name) for name in (CANNOT_ANSWER_NOW, RATE_LIMITED, EMPTY, TOO_LONG)}

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("resident_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises on a body that isn't JSON
                body = None
            if not isinstance(body, dict):
                return response.json({"error": 'Send JSON: {"sender": "...", "message": "..."}'}, status=400)
            sender = str(body.get("sender") or "")
            if not SENDER.match(sender):
                return response.json({"error": "sender must be 1 to 128 letters, digits or _.:-"}, status=400)
            address = client_address(request.ip, request.headers.get("x-forwarded-for"), self.proxies)
            if not self.limits.allow(sender, address):
                logger.info("Rate limited conversation %s", sender)  # not the address: that is personal data too
                reply = [{"recipient_id": sender, "text": self.wording[RATE_LIMITED]}]
                # 200 in the usual shape, so the widget shows the wording; Retry-After for anything scripted.
                return response.json(reply, headers={"Retry-After": "60"})
            text = clean_text(body.get("message"))
            if rejection(text):
                return response.json([{"recipient_id": sender, "text": self.wording[rejection(text)]}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=body.get("metadata") if isinstance(body.get("metadata"), dict) else None,
                    )
                )
            except Exception:
                logger.exception("The bot failed to handle a message from %s", sender)
            # /restart is answered by utter_restart, so an empty reply always means something failed.
            return response.json(
                collector.messages or [{"recipient_id": sender, "text": self.wording[CANNOT_ANSWER_NOW]}]
            )

        return webhook
