"""Shared fixtures: the real action server and Rasa server, started once for the whole test session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "islington.tar.gz"
BIN = Path(sys.executable).parent
ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with code {process.returncode}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:  # refused, or accepted but not answering yet (workers starting)
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def stop_process(process: subprocess.Popen | None) -> None:
    """Stops a server and every process in its session, forcefully if it hasn't stopped within 30 s."""
    if process is None or process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


class BotServers:
    """The running servers, on test ports so that `make run` on the default ports can go on beside them."""

    def __init__(self, workdir: Path, workers: int = 1, lock_store_port: int | None = None):
        # More than one Sanic worker needs a lock store the workers share: Redis on lock_store_port.
        self.env = {**ENV, "SANIC_WORKERS": str(workers)}
        self.lock_store_port = lock_store_port
        self.rasa_port = int(os.environ.get("TEST_RASA_PORT", 5405))
        self.actions_port = int(os.environ.get("TEST_ACTIONS_PORT", 5455))
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.workdir = workdir
        self.tracker_db = workdir / "tracker.db"
        self.logs = workdir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        # A session of its own, so that stopping it stops any Sanic worker processes it started too.
        return subprocess.Popen(
            [str(BIN / "rasa"), *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_actions(self) -> None:
        self.actions = self._start(
            "actions", ["run", "actions", "--port", str(self.actions_port), "--actions", "actions"]
        )
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", self.actions)

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def start(self) -> None:
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.tracker_db}"\n'
            + (
                f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {self.lock_store_port}\n"
                if self.lock_store_port
                else ""
            )
        )
        self.start_actions()
        self.rasa = self._start(
            "rasa",
            [
                "run",
                "--model",
                str(MODEL),
                "--port",
                str(self.rasa_port),
                "--credentials",
                "credentials.yml",
                "--endpoints",
                str(endpoints),
            ],
        )
        wait_until_up(f"{self.url}/webhooks/rest/", self.rasa)

    def stop(self) -> None:
        self.stop_actions()
        stop_process(self.rasa)

    def say(self, sender: str, message: str) -> list[dict]:
        """What the bot replies to one message, as the REST channel returns it."""
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=30)
        reply.raise_for_status()
        return reply.json()


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
