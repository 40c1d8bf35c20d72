"""The launch plan's programs (ops/plan.py) as plain subprocesses: the servers the tests, the eval and the bench use."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from ops.plan import Launch, Program, programs
from ops.settings import MODEL, ROOT, SERVER_ENV, TEST_PORTS


def start_program(program: Program, log: Path) -> subprocess.Popen:
    """Starts a program in a session of its own, so that stopping it stops any Sanic workers it started too."""
    if program.user:
        raise ValueError(f"{program.name} runs as {program.user}: start it under supervisord (ops/supervise.py)")
    # The child keeps its own copy of the log's file descriptor, so ours is closed straight away.
    with open(log, "ab") as out:
        return subprocess.Popen(
            program.command,
            cwd=program.directory or ROOT,
            env={**SERVER_ENV, **program.env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def is_ready(program: Program) -> bool:
    """Whether it answers its health URL or, without one, accepts connections on its port."""
    try:
        if program.health_url:
            return requests.get(program.health_url, timeout=2).ok
        with socket.create_connection(("127.0.0.1", program.port), timeout=1):
            return True
    except (requests.RequestException, OSError):  # refused, or accepted but not answering yet (workers starting)
        return False


def wait_until_ready(program: Program, process: subprocess.Popen, timeout: float = 180) -> None:
    if not (program.health_url or program.port):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{program.name} exited with code {process.returncode}")
        if is_ready(program):
            return
        time.sleep(0.5)
    raise RuntimeError(f"{program.name} did not come up within {timeout} s")


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
    """The action server and one Rasa server for one model and project folder, on their own ports.

    Logs, the endpoints file and the conversations' SQLite file are in workdir. `enable_api` turns on Rasa's HTTP
    API, which the eval uses to read what the NLU predicted; residents' servers never have it. The rate limits are
    off unless `env` sets them: the eval and the bench send as fast as they can from one address. More than one
    Sanic worker needs a lock store they share: a private Redis on lock_store_port, started with them.
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
        tracker_store: str | None = None,
        redact: bool = True,
        database_url: str | None = None,
    ):
        no_limits = {"RATE_LIMIT_PER_CONVERSATION": "0", "RATE_LIMIT_PER_ADDRESS": "0"}
        self.launch = Launch(
            workdir=workdir,
            rasa_ports=(ports[0],),
            actions_port=ports[1],
            model=Path(model).resolve(),
            project=project,
            workers=workers,
            redis_port=lock_store_port,
            database_url=database_url,  # a SQLAlchemy URL (PostgreSQL, as the cluster has it) instead of the file
            tracker_store=tracker_store,  # "SQL" is Rasa's own, which reads whole conversations
            redact=redact,
            retention=False,  # nothing a test or a bench keeps is 30 days old
            debug=debug,
            enable_api=enable_api,
            env={**no_limits, **(env or {})},
        )
        self.programs = {program.name: program for program in programs(self.launch)}
        self.rasa_port, self.actions_port = ports
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.tracker_db = self.launch.tracker_db
        self.logs = workdir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}
        self.cold_start_s: float | None = None

    @property
    def actions(self) -> subprocess.Popen | None:
        return self.processes.get("actions")

    @property
    def rasa(self) -> subprocess.Popen | None:
        return self.processes.get("rasa")

    def _start(self, name: str) -> None:
        program = self.programs[name]
        self.processes[name] = start_program(program, self.logs / f"{name}.log")
        wait_until_ready(program, self.processes[name])

    def start_actions(self) -> None:
        self._start("actions")

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def start(self) -> None:
        """Every program, in the plan's order; cold_start_s is the time from launching them to the first answer."""
        began = time.monotonic()
        for name in self.programs:
            self._start(name)
        while not self.say("coldstart", "hello"):
            time.sleep(0.2)
        self.cold_start_s = time.monotonic() - began

    def stop(self) -> None:
        for process in reversed(self.processes.values()):
            stop_process(process)

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
