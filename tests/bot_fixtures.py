"""The real action server and Rasa server, started once a session for the tests that talk to them: the journeys
(tests/journeys/) and the browser tests (tests/browser/), whose conftests import these fixtures."""

from __future__ import annotations

import pytest

from ops.servers import BotServers
from ops.settings import MODEL


@pytest.fixture(scope="session")
def bot_servers(tmp_path_factory) -> BotServers:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    servers = BotServers(tmp_path_factory.mktemp("bot"))
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def bot_server(bot_servers: BotServers) -> str:
    """The base URL of the running Rasa server, e.g. http://127.0.0.1:5405."""
    return bot_servers.url
