"""Rasa input channel that serves the built chat widget and its demo page (widget/dist) at /widget/."""

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "widget" / "dist"

# Only these types are served; anything else in dist/ stays private.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

# A plain file name in dist/ itself: no slashes, no leading dot, so no "..".
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$")

# No 'unsafe-inline' and no 'unsafe-eval': the widget must work without them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Small files that change with every build: always revalidate.
    "Cache-Control": "no-cache",
}


class WidgetStaticInput(InputChannel):
    """Serves widget.js, widget.css and the demo page from the same origin as the bot.

    Messages still go through Rasa's REST channel; this channel only serves files.
    """

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "WidgetStaticInput":
        return cls(dist_dir=(credentials or {}).get("dist_dir"))

    def __init__(self, dist_dir: str | None = None) -> None:
        self.dist_dir = Path(dist_dir).resolve() if dist_dir else DEFAULT_DIST

    def url_prefix(self) -> str:
        # Absolute, so Rasa's urljoin with "/webhooks/" yields /widget, not /webhooks/widget.
        return "/widget"

    def file_response(self, filename: str, head: bool = False) -> HTTPResponse:
        """The file's response, or 404 for anything that is not a servable file in dist/."""
        suffix = Path(filename).suffix.lower()
        if not SAFE_NAME.match(filename) or suffix not in CONTENT_TYPES:
            return response.text("Not found", status=404, headers=SECURITY_HEADERS)
        path = (self.dist_dir / filename).resolve()
        if path.parent != self.dist_dir or not path.is_file():
            hint = " (run `make widget` to build it)" if not self.dist_dir.is_dir() else ""
            return response.text("Not found" + hint, status=404, headers=SECURITY_HEADERS)
        body = b"" if head else path.read_bytes()
        headers = dict(SECURITY_HEADERS)
        if head:
            headers["Content-Length"] = str(path.stat().st_size)
        return response.raw(body, content_type=CONTENT_TYPES[suffix], headers=headers)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("widget_static", __name__)

        # The demo page uses relative URLs (widget.js), so it must be at /widget/.
        @widget.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def bare(request: Request) -> HTTPResponse:
            return response.redirect(request.app.url_for("widget_static.index"))

        @widget.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def index(request: Request) -> HTTPResponse:
            return self.file_response("index.html", head=request.method == "HEAD")

        @widget.route("/<filename:str>", methods=["GET", "HEAD"])
        async def static_file(request: Request, filename: str) -> HTTPResponse:
            return self.file_response(filename, head=request.method == "HEAD")

        return widget
