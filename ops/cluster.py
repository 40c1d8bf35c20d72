"""The service-grade mode: PostgreSQL, Redis, N Rasa servers and the action server behind HAProxy, under supervisord.

`Cluster` turns the settings below into a Launch (ops/plan.py), prepares what that needs (PostgreSQL's files, the
supervisord config, all under var/cluster/) and, for the cluster tests and the bench, runs it. `make run-cluster`
and `make clean-cluster` go through ops/launch.py. PostgreSQL's data is not in var/ but in a folder of the
postgres user's own (ops/postgres.py). Settings come from the environment, never from git:

  CLUSTER_PORT (5005)   HAProxy: the REST channel, socket.io and the widget
  CLUSTER_BIND (0.0.0.0)  the address HAProxy listens on; every other process listens on 127.0.0.1 only
  INSTANCES (2)         how many Rasa servers
  RASA_BASE_PORT (6210) the Rasa servers' ports are this, +1, ...
  ACTIONS_PORT (6250)   the action server
  PG_PORT (6232), REDIS_PORT (6279)  the private PostgreSQL and Redis
  DATABASE_URL          a PostgreSQL URL to use instead of the private one (e.g. a managed database)
  REDIS_URL             redis://host:port/db to use instead of the private Redis
  RATE_LIMIT_PER_MIN (30)  webhook requests a minute from one client address; 0 turns the limit off
  RATE_LIMIT_PER_CONVERSATION (30)  messages a minute in one conversation, counted by each Rasa server; 0 is off
  SQL_POOL_SIZE (2), SQL_MAX_OVERFLOW (3)  each Rasa server's PostgreSQL connections (Rasa reads these)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from ops.plan import Launch, PrivatePostgres, Proxy, programs
from ops.postgres import cluster_home, init_private, remove_private
from ops.settings import BIN, CLUSTER_PORTS, FOREGROUND_ENV, MODEL, ROOT, VAR
from ops.supervise import supervisord_command, write_config


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Cluster:
    """One machine's cluster: its configs and logs live in workdir, PostgreSQL's files in pg_home."""

    workdir: Path = VAR / "cluster"
    port: int = field(default_factory=lambda: env_int("CLUSTER_PORT", CLUSTER_PORTS["port"]))
    bind: str = field(default_factory=lambda: os.environ.get("CLUSTER_BIND", "0.0.0.0"))
    instances: int = field(default_factory=lambda: env_int("INSTANCES", 2))
    rasa_base_port: int = field(default_factory=lambda: env_int("RASA_BASE_PORT", CLUSTER_PORTS["rasa_base_port"]))
    actions_port: int = field(default_factory=lambda: env_int("ACTIONS_PORT", CLUSTER_PORTS["actions_port"]))
    pg_port: int = field(default_factory=lambda: env_int("PG_PORT", CLUSTER_PORTS["pg_port"]))
    redis_port: int = field(default_factory=lambda: env_int("REDIS_PORT", CLUSTER_PORTS["redis_port"]))
    rate_limit_per_min: int = field(default_factory=lambda: env_int("RATE_LIMIT_PER_MIN", 30))
    conversation_limit_per_min: int = field(default_factory=lambda: env_int("RATE_LIMIT_PER_CONVERSATION", 30))
    model: Path = MODEL

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir).resolve()
        self.logs = self.workdir / "log"  # where ops/supervise.py's render() puts every log
        # Not under workdir: postgres may not be able to enter the checkout (issue 25).
        self.pg_home = cluster_home(self.workdir)
        self.pgdata = self.pg_home / "data"
        self.conf = self.workdir / "supervisord.conf"
        self.url = f"http://127.0.0.1:{self.port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.supervisord: subprocess.Popen | None = None

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_base_port + n for n in range(self.instances)]

    @property
    def private_postgres(self) -> bool:
        return not os.environ.get("DATABASE_URL")

    def database_url(self) -> str:
        if not self.private_postgres:
            return os.environ["DATABASE_URL"]
        password = (self.workdir / "pg-password").read_text().strip()
        # A short connect timeout: a turn during an outage gets its apology in seconds, not minutes.
        return f"postgresql://rasa:{password}@127.0.0.1:{self.pg_port}/tracker?connect_timeout=3"

    def launch(self) -> Launch:
        # The Rasa servers see HAProxy's address: they take the resident's from its X-Forwarded-For, and HAProxy
        # holds the per-address limit itself, so theirs stays per conversation. Each server counts a conversation's
        # messages on its own, so a conversation spread over N servers may send up to N times the limit.
        env = {"TRUSTED_PROXIES": "127.0.0.1", "RATE_LIMIT_PER_ADDRESS": "0"}
        env |= {"RATE_LIMIT_PER_CONVERSATION": str(self.conversation_limit_per_min)}
        env |= {"SQL_POOL_SIZE": os.environ.get("SQL_POOL_SIZE", "2")}
        env |= {"SQL_MAX_OVERFLOW": os.environ.get("SQL_MAX_OVERFLOW", "3")}
        return Launch(
            workdir=self.workdir,
            rasa_ports=tuple(self.rasa_ports),
            actions_port=self.actions_port,
            model=self.model,
            interface="127.0.0.1",
            redis_port=self.redis_port,
            redis_url=os.environ.get("REDIS_URL"),
            database_url=self.database_url(),
            postgres=PrivatePostgres(self.pg_port, self.pg_home) if self.private_postgres else None,
            proxy=Proxy(self.port, self.bind, self.rate_limit_per_min),
            env=env,
        )

    def supervisord_conf(self) -> Path:
        """The supervisord config for the launch plan's programs (mode 0600: it holds DATABASE_URL)."""
        return write_config(programs(self.launch()), self.workdir)

    def prepare(self) -> Path:
        self.logs.mkdir(parents=True, exist_ok=True)
        if self.private_postgres:
            init_private(self.pg_home, self.workdir / "pg-password")
        return self.supervisord_conf()

    def remove(self) -> None:
        """Deletes the conversations, configs and logs (make clean-cluster). Refuses while PostgreSQL runs."""
        remove_private(self.pg_home)
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- running -------------------------------------------------------------------------------------------

    def start(self, timeout: float = 240) -> None:
        """Starts supervisord in a session of its own and waits until a resident gets a real answer."""
        conf = self.prepare()
        with open(self.logs / "supervisord.out", "ab") as out:
            self.supervisord = subprocess.Popen(
                supervisord_command(conf), cwd=ROOT, env=FOREGROUND_ENV, stdout=out, stderr=out
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.supervisord.poll() is not None:
                raise RuntimeError(f"supervisord exited; see {self.logs}")
            if all(self.rasa_is_up(port) for port in self.rasa_ports) and self.answers():
                return
            time.sleep(1)
        raise RuntimeError(f"the cluster did not come up within {timeout} s; see {self.logs}")

    def rasa_is_up(self, port: int) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/webhooks/rest/", timeout=2).ok
        except requests.RequestException:
            return False

    def answers(self) -> bool:
        try:
            replies = self.say("cluster-start", "hello")
        except requests.RequestException:
            return False
        return bool(replies) and replies[0].get("text") != fixed_reply(CANNOT_ANSWER_NOW)

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict]:
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=timeout)
        reply.raise_for_status()
        return reply.json()

    def ctl(self, *args: str) -> str:
        """supervisorctl against this cluster, e.g. ctl("stop", "redis")."""
        done = subprocess.run([BIN / "supervisorctl", "-c", self.conf, *args], capture_output=True, text=True)
        return done.stdout

    def pid(self, program: str) -> int:
        return int(self.ctl("pid", program).strip())

    def stop(self) -> None:
        """Stops supervisord, which stops every program it runs first."""
        if self.supervisord is None or self.supervisord.poll() is not None:
            return
        self.supervisord.terminate()
        try:
            self.supervisord.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.supervisord.kill()
            self.supervisord.wait()

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_) -> None:
        self.stop()
