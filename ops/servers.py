"""The real action server and Rasa server, started as subprocesses: what the tests, the eval and the bench talk to."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from ops.settings import BIN, MODEL, RASA_SERVER_ENV, ROOT, SERVER_ENV, TEST_PORTS, rasa_run_args


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


def vm_hwm_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of a process so far, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class BotServers:
    """Both servers for one model and project folder, on their own ports, with logs and the tracker in workdir.

    `enable_api` turns on Rasa's HTTP API, which the eval uses to read what the NLU predicted; residents'
    servers never have it. The rate limits are off unless `env` sets them: the eval and the bench send as
    fast as they can from one address. More than one Sanic worker needs a lock store they share: Redis on
    lock_store_port.
    """

    def __init__(
        self,
        workdir: Path,
        model: Path = MODEL,
        ports: tuple[int, int] = TEST_PORTS,
        project: Path = ROOT,
        workers: int = 1,
        lock_store_port: int | None = None,
        enable_api: bool = False,
        env: dict[str, str] | None = None,
        debug: bool = False,
        tracker_store: str = "server.bounded_store.BoundedSQLTrackerStore",
        redact: bool = True,
        database_url: str | None = None,
    ):
        workdir.mkdir(parents=True, exist_ok=True)
        no_limits = {"RATE_LIMIT_PER_CONVERSATION": "0", "RATE_LIMIT_PER_ADDRESS": "0"}
        self.env = {**SERVER_ENV, "SANIC_WORKERS": str(workers), **no_limits, **(env or {})}
        self.debug = debug
        self.model, self.project = Path(model).resolve(), project
        self.rasa_port, self.actions_port = ports
        self.lock_store_port = lock_store_port
        self.enable_api = enable_api
        self.tracker_store = tracker_store  # "SQL" is Rasa's own, which reads whole conversations
        self.redact = redact  # the product always redacts; the rasa init bot is measured as Rasa ships it
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.workdir = workdir
        self.tracker_db = workdir / "tracker.db"
        self.database_url = database_url  # a SQLAlchemy URL (PostgreSQL, as the cluster has it) instead of the file
        self.logs = workdir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None
        self.cold_start_s: float | None = None

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        # The child keeps its own copy of the log's file descriptor, so ours is closed straight away.
        with open(self.logs / f"{name}.log", "ab") as log:
            # A session of its own, so that stopping it stops any Sanic worker processes it started too.
            return subprocess.Popen(
                [str(BIN / "rasa"), *args],
                cwd=self.project,
                env={**self.env, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_actions(self) -> None:
        args = ["run", "actions", "--port", str(self.actions_port), "--actions", "actions"]
        args += ["--debug"] if self.debug else []
        self.actions = self._start("actions", args)
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", self.actions)

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def tracker_store_config(self) -> str:
        if self.database_url:  # Rasa's SQL store takes a whole URL as its `url`
            store = f'type: {self.tracker_store}\nurl: "{self.database_url}"\n'
        else:
            store = f'type: {self.tracker_store}\ndialect: "sqlite"\ndb: "{self.tracker_db}"\n'
        if self.redact:  # personal details are redacted before the inner store saves them (docs/privacy.md)
            store = "type: server.redacting_store.RedactingTrackerStore\ninner:\n" + "".join(
                f"  {line}\n" for line in store.splitlines()
            )
        return "tracker_store:\n" + "".join(f"  {line}\n" for line in store.splitlines())

    def endpoints(self) -> Path:
        endpoints = self.workdir / "endpoints.yml"
        lock_store = (
            f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {self.lock_store_port}\n"
            if self.lock_store_port
            else ""
        )
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            + self.tracker_store_config()
            + lock_store
        )
        return endpoints

    def start_rasa(self) -> None:
        args = ["run", "--model", str(self.model), "--port", str(self.rasa_port), "--credentials", "credentials.yml"]
        args += ["--endpoints", str(self.endpoints())] + (["--enable-api"] if self.enable_api else [])
        args += rasa_run_args() + (["--debug"] if self.debug else [])
        self.rasa = self._start("rasa", args, env=RASA_SERVER_ENV)
        wait_until_up(f"{self.url}/webhooks/rest/", self.rasa)

    def start(self) -> None:
        """Both servers; cold_start_s is the time from launching them to the first answer."""
        began = time.monotonic()
        self.start_actions()
        self.start_rasa()
        while not self.say("coldstart", "hello"):
            time.sleep(0.2)
        self.cold_start_s = time.monotonic() - began

    def stop(self) -> None:
        self.stop_actions()
        stop_process(self.rasa)

    def say(self, sender: str, message: str) -> list[dict]:
        """What the bot replies to one message, as the REST channel returns it."""
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=30)
        reply.raise_for_status()
        return reply.json()

    def tracker(self, sender: str) -> dict:
        """The stored conversation, through Rasa's HTTP API (only with enable_api)."""
        reply = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        reply.raise_for_status()
        return reply.json()

    def peak_rss_mb(self) -> dict[str, float]:
        """The peak resident memory of each server process so far, in MB."""
        running = (("rasa", self.rasa), ("actions", self.actions))
        return {name: vm_hwm_mb(process.pid) for name, process in running if process and process.poll() is None}

    def __enter__(self) -> BotServers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_) -> None:
        self.stop()
