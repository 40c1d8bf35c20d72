"""The real Rasa server and action server for a given model, project folder and ports (tests.conftest's BotServers)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import requests

from tests.conftest import BIN, ROOT, BotServers


class Servers(BotServers):
    """BotServers with a chosen model, ports and project folder, the HTTP API on, and cold start and peak RSS."""

    def __init__(
        self,
        workdir: Path,
        model: Path,
        rasa_port: int,
        actions_port: int,
        project: Path = ROOT,
        workers: int = 1,
        lock_store_port: int | None = None,
    ):
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__(workdir, workers, lock_store_port)
        self.model, self.project = Path(model).resolve(), project
        self.rasa_port, self.actions_port = rasa_port, actions_port
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.cold_start_s: float | None = None

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        if name == "rasa":  # this model, and /conversations/<id>/tracker to read what the NLU predicted
            args = [*args, "--enable-api"]
            args[args.index("--model") + 1] = str(self.model)
        log = open(self.logs / f"{name}.log", "ab")
        return subprocess.Popen(
            [str(BIN / "rasa"), *args],
            cwd=self.project,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self) -> None:
        """Both servers; cold_start_s is the time from launching them to the first answer."""
        began = time.monotonic()
        super().start()
        while not self.say("coldstart", "hello"):
            time.sleep(0.2)
        self.cold_start_s = time.monotonic() - began

    def tracker(self, sender: str) -> dict:
        reply = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        reply.raise_for_status()
        return reply.json()

    def peak_rss_mb(self) -> dict[str, float]:
        """The peak resident memory (VmHWM) of each server process so far, in MB."""
        return {
            name: vm_hwm_mb(process.pid)
            for name, process in (("rasa", self.rasa), ("actions", self.actions))
            if process and process.poll() is None
        }

    def __enter__(self) -> "Servers":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_) -> None:
        self.stop()


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
