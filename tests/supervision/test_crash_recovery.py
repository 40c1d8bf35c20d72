"""Crash tests against the real `make run`: kill -9 each server mid-conversation, and Ctrl-C at the end.

They start `make run` itself on SUPERVISION_PORTS with its own RUN_DIR, and take about three minutes, so they run in
`make test-supervise` (part of `make test`), not in test-unit. Times to recovery go to test-output/recovery.md.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import uuid
import xmlrpc.client
from datetime import datetime
from pathlib import Path

import pytest
import requests
from supervisor.xmlrpc import SupervisorTransport

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from ops.settings import MODEL, ROOT, SERVER_ENV, SUPERVISION_PORTS

pytestmark = pytest.mark.skipif(
    not os.environ.get("RUN_SUPERVISION_TESTS"), reason="kills and restarts make run's servers: make test-supervise"
)

RASA_PORT, ACTIONS_PORT = SUPERVISION_PORTS
# The widget gives up on a reply after this long (DEFAULT_TIMEOUT_MS in widget/src/widget.js).
REST_TIMEOUT_S = 15
RECOVERY_REPORT = ROOT / "test-output" / "recovery.md"
recoveries: list[str] = []


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


class MakeRun:
    """`make run` on the test ports, as a newcomer starts it, and supervisord's view of its processes."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        env = {**SERVER_ENV, "RASA_PORT": str(RASA_PORT), "ACTIONS_PORT": str(ACTIONS_PORT), "RUN_DIR": str(run_dir)}
        with open(run_dir.parent / "make-run.log", "wb") as log:
            # A session of its own, so that Ctrl-C can go to make and everything in its terminal's process group.
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "run"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.webhook = f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook"
        self.supervisord_log = run_dir / "log" / "supervisord.log"

    def supervisor(self) -> xmlrpc.client.ServerProxy:
        transport = SupervisorTransport(serverurl=f"unix://{self.run_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def info(self, name: str) -> dict:
        return self.supervisor().supervisor.getProcessInfo(name)

    def wait_for_state(self, name: str, state: str, within: float) -> dict:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make run exited with {self.process.returncode}")
            try:
                info = self.info(name)
                if info["statename"] == state:
                    return info
            except (OSError, xmlrpc.client.Fault):  # supervisord not listening yet
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} not {state} within {within} s")

    def say(self, sender: str, message: str) -> list[dict]:
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=REST_TIMEOUT_S)
        reply.raise_for_status()
        return reply.json()

    def seconds_until_answer(self, sender: str, message: str, expected: str, began: float, within: float) -> float:
        """Asks the same question in the conversation every second until the answer carries the expected fact."""
        while time.monotonic() - began < within:
            if self.process.poll() is not None:
                raise RuntimeError(f"make run exited with {self.process.returncode}: see {self.run_dir.parent}")
            try:
                if expected in texts(self.say(sender, message)):
                    return time.monotonic() - began
            except requests.RequestException:  # refused while the Rasa server restarts: the widget's error state
                pass
            time.sleep(1)
        raise AssertionError(f"no answer with {expected!r} within {within} s")

    def new_log(self, since: int) -> str:
        return self.supervisord_log.read_text()[since:]

    def leftovers(self) -> list[int]:
        """Processes still running from this make run: anything naming its RUN_DIR or one of its ports."""
        marks = (str(self.run_dir), f"--port {ACTIONS_PORT}", f"--port {RASA_PORT}", f":{ACTIONS_PORT}/")
        found = []
        for proc in Path("/proc").iterdir():
            try:
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            if proc.name.isdigit() and any(mark in command for mark in marks):
                found.append(int(proc.name))
        return found

    def interrupt(self) -> None:
        """Ctrl-C in make run's terminal: SIGINT to its whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def kill_everything(self) -> None:
        if self.process.poll() is None:
            self.interrupt()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        for pid in self.leftovers():
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def make_run(tmp_path_factory) -> MakeRun:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    run = MakeRun(tmp_path_factory.mktemp("make-run") / "var")
    try:
        run.wait_for_state("actions", "RUNNING", within=180)
        # Rasa counts as started only after RASA_START_SECS (60 s), but serves as soon as its model is loaded.
        run.seconds_until_answer("warm-up", "hello", "", time.monotonic(), within=180)
        yield run
    finally:
        run.kill_everything()
        RECOVERY_REPORT.parent.mkdir(exist_ok=True)
        RECOVERY_REPORT.write_text("# Time to recovery under make run\n\n" + "".join(f"- {r}\n" for r in recoveries))
        print("\n" + RECOVERY_REPORT.read_text())


def kill(make_run: MakeRun, name: str) -> tuple[int, float]:
    pid = make_run.info(name)["pid"]
    os.kill(pid, signal.SIGKILL)
    return pid, time.monotonic()


def test_action_server_killed_mid_conversation_apology_then_answers_with_follow_ups_intact(make_run):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert "020 7354 1972" in texts(make_run.say(sender, "tell me about the Miller Practice"))
    _, began = kill(make_run, "actions")
    replies = make_run.say(sender, "what's their phone number?")
    apology_s = time.monotonic() - began
    assert texts(replies) == fixed_reply(CANNOT_ANSWER_NOW)
    # "their" still means the Miller Practice, named before the crash.
    recovered_s = make_run.seconds_until_answer(sender, "what's their phone number?", "020 7354 1972", began, 30)
    recoveries.append(
        f"action server, kill -9: the apology after {apology_s:.1f} s, real answers again after {recovered_s:.1f} s"
    )


def test_action_server_running_but_not_answering_is_restarted_and_the_waiting_turn_apologises(make_run):
    make_run.wait_for_state("actions", "RUNNING", within=60)
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert "020 7354 1972" in texts(make_run.say(sender, "tell me about the Miller Practice"))
    pid, began = make_run.info("actions")["pid"], time.monotonic()
    os.kill(pid, signal.SIGSTOP)  # alive, holding its port, answering nothing
    # This turn waits on the hung action server until the health check's restart cuts it off.
    waiting = requests.post(
        make_run.webhook, json={"sender": sender, "message": "what's their phone number?"}, timeout=90
    )
    waited_s = time.monotonic() - began
    assert texts(waiting.json()) == fixed_reply(CANNOT_ANSWER_NOW)
    # The restart cuts the waiting turn off, or Rasa's 30 s time-out answers it first when the machine is busy (the
    # restart takes about 26 s on an idle one: 5 s between checks, 10 s to time out, 10 s for supervisord to stop the
    # stopped process); either way the health check restarts the hung server.
    restarted_by = time.monotonic() + 60
    while make_run.info("actions")["pid"] in (pid, 0) and time.monotonic() < restarted_by:
        time.sleep(0.5)
    assert make_run.info("actions")["pid"] not in (pid, 0), "the hung action server was not restarted"
    health_log = (make_run.run_dir / "log" / "actions_health.log").read_text()
    assert "actions is in RUNNING state, restarting" in health_log
    recovered_s = make_run.seconds_until_answer(sender, "what's their phone number?", "020 7354 1972", began, 90)
    recoveries.append(
        f"action server hung (SIGSTOP): restarted by the health check; the turn sent meanwhile got the apology after "
        f"{waited_s:.1f} s; real answers, follow-ups intact, after {recovered_s:.1f} s"
    )


def test_rasa_server_killed_serves_again_within_60_s_continuing_the_conversation(make_run):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert "020 7354 1972" in texts(make_run.say(sender, "tell me about the Miller Practice"))
    _, began = kill(make_run, "rasa")
    # The follow-up can only be answered from the conversation kept in the tracker store.
    recovered_s = make_run.seconds_until_answer(sender, "what is their address?", "49 Highbury New Park", began, 60)
    recoveries.append(f"Rasa server, kill -9: the same conversation answered again after {recovered_s:.1f} s")


def spawn_gaps(log: str, name: str) -> list[float]:
    """Seconds from each exit of the program to its next spawn, from supervisord's log."""
    stamps = re.findall(rf"^(\S+ \S+) \w+ (exited|spawned): '?{name}'? ", log, flags=re.MULTILINE)
    gaps, exited = [], None
    for stamp, event in stamps:
        at = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f")
        if event == "exited":
            exited = at
        elif exited:
            gaps.append((at - exited).total_seconds())
            exited = None
    return gaps


def test_rasa_server_killed_three_times_in_a_row_backs_off_logs_why_and_comes_back(make_run):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert "020 7354 1972" in texts(make_run.say(sender, "tell me about the Miller Practice"))
    since = len(make_run.supervisord_log.read_text())
    states = set()
    for _ in range(3):
        pid, began = kill(make_run, "rasa")
        while make_run.info("rasa")["pid"] in (pid, 0):  # until supervisord starts it again
            states.add(make_run.info("rasa")["statename"])
            time.sleep(0.1)
    recovered_s = make_run.seconds_until_answer(sender, "what is their address?", "49 Highbury New Park", began, 90)
    log = make_run.new_log(since)
    assert log.count("exited: rasa (terminated by SIGKILL; not expected)") == 3
    # Dying before it counted as started (startsecs) is a failed start: supervisord waits longer after each one.
    assert "BACKOFF" in states
    gaps = spawn_gaps(log, "rasa")
    assert len(gaps) == 3 and gaps[2] > gaps[0]
    recoveries.append(
        "Rasa server, kill -9 three times in a row: restarted after "
        + ", ".join(f"{gap:.1f} s" for gap in gaps)
        + f" (back-off), the same conversation answered {recovered_s:.1f} s after the last kill"
    )


def test_ctrl_c_stops_everything_and_leaves_nothing_running(make_run):
    assert make_run.leftovers(), "make run's processes should be running before Ctrl-C"
    make_run.interrupt()
    make_run.process.wait(timeout=60)
    assert make_run.leftovers() == []
    for port in (RASA_PORT, ACTIONS_PORT):
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
