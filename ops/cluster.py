"""The service-grade mode: PostgreSQL, Redis, N Rasa servers and the action server behind HAProxy, under supervisord.

`make run-cluster` (ops/run-cluster.sh) runs `python -m ops.cluster`, which writes every config under
var/cluster/ and runs supervisord in the foreground, so Ctrl-C stops everything. PostgreSQL's data is not in var/
but in a folder of the postgres user's own (ops/postgres.py), which the banner names; `make clean-cluster`
(`python -m ops.cluster --remove`) deletes both. The cluster tests start the same thing on their own ports
through `Cluster`. Settings come from the environment, never from git:

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

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from facts.fixed_replies import CANNOT_ANSWER_NOW, fixed_reply
from ops.postgres import as_postgres, cluster_home, owned_by_postgres
from ops.settings import (
    BIN,
    CLUSTER_PORTS,
    MODEL,
    PG_BIN,
    RASA_SERVER_ENV,
    ROOT,
    SERVER_ENV,
    VAR,
    rasa_run_args,
)
from ops.supervise import Program, RunSettings, render, retention_program


def rate_limited_text() -> str:
    """What a resident sees when their address sends more than the limit: the same words as the Rasa server's."""
    return fixed_reply("utter_rate_limited")


# Turns one Rasa server works on at once; the rest queue in HAProxy. Rasa handles one turn at a time on its event
# loop anyway, so a short queue per server keeps the least-loaded choice meaningful and health checks prompt.
MAX_TURNS_IN_SERVER = 8


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Cluster:
    """One machine's cluster: its configs, data and logs live in workdir."""

    workdir: Path = VAR / "cluster"
    port: int = field(default_factory=lambda: env_int("CLUSTER_PORT", CLUSTER_PORTS["haproxy"]))
    bind: str = field(default_factory=lambda: os.environ.get("CLUSTER_BIND", "0.0.0.0"))
    instances: int = field(default_factory=lambda: env_int("INSTANCES", 2))
    rasa_base_port: int = field(default_factory=lambda: env_int("RASA_BASE_PORT", CLUSTER_PORTS["rasa_base"]))
    actions_port: int = field(default_factory=lambda: env_int("ACTIONS_PORT", CLUSTER_PORTS["actions"]))
    pg_port: int = field(default_factory=lambda: env_int("PG_PORT", CLUSTER_PORTS["postgresql"]))
    redis_port: int = field(default_factory=lambda: env_int("REDIS_PORT", CLUSTER_PORTS["redis"]))
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

    # --- configuration -------------------------------------------------------------------------------------

    def database_url(self) -> str:
        if os.environ.get("DATABASE_URL"):
            return os.environ["DATABASE_URL"]
        password = (self.workdir / "pg-password").read_text().strip()
        # A short connect timeout: a turn during an outage gets its apology in seconds, not minutes.
        return f"postgresql://rasa:{password}@127.0.0.1:{self.pg_port}/tracker?connect_timeout=3"

    def redis_address(self) -> tuple[str, int, int]:
        parts = urlsplit(os.environ.get("REDIS_URL") or f"redis://127.0.0.1:{self.redis_port}/0")
        return parts.hostname or "127.0.0.1", parts.port or 6379, int(parts.path.strip("/") or 0)

    def init_postgres(self) -> None:
        """A private PostgreSQL cluster in pg_home, owned by the postgres user (it refuses to run as root)."""
        secret = self.workdir / "pg-password"
        if (self.pgdata / "PG_VERSION").exists() and secret.exists():
            return
        # What a failed initdb left, or a database whose password went with an earlier workdir.
        shutil.rmtree(self.pg_home, ignore_errors=True)
        self.pg_home.mkdir(parents=True)
        owned_by_postgres(self.pg_home)
        password = secrets.token_urlsafe(24)
        self.workdir.mkdir(parents=True, exist_ok=True)
        secret.write_text(password)
        secret.chmod(0o600)
        pwfile = self.pg_home / "initdb-password"  # where postgres can read it, for the moment initdb needs it
        pwfile.write_text(password)
        pwfile.chmod(0o600)
        shutil.chown(pwfile, "postgres", "postgres")
        as_postgres(
            "initdb",
            *["-D", self.pgdata, "-U", "rasa", "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=peer"],
            *["-E", "UTF8"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pwfile.unlink()
        # Single-user mode creates the database without starting a server (and without Rasa's login_db).
        as_postgres(
            "postgres",
            *["--single", "-D", self.pgdata, "postgres"],
            input=b"CREATE DATABASE tracker OWNER rasa;\n",
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def remove(self) -> None:
        """Deletes the conversations, configs and logs (make clean-cluster). Refuses while PostgreSQL runs."""
        if as_postgres("pg_ctl", "status", "-D", self.pgdata, capture_output=True).returncode == 0:
            raise RuntimeError(f"PostgreSQL is running on {self.pgdata}: stop the cluster (Ctrl-C) first")
        shutil.rmtree(self.pg_home, ignore_errors=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def endpoints(self) -> Path:
        host, port, db = self.redis_address()
        path = self.workdir / "endpoints.yml"
        path.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            # Rasa fills in ${DATABASE_URL} from the environment, so the password is never in a file here.
            # Personal details are redacted before the bounded store saves them (docs/privacy.md).
            "tracker_store:\n  type: server.redacting_store.RedactingTrackerStore\n"
            "  inner:\n    type: server.bounded_store.BoundedSQLTrackerStore\n    url: ${DATABASE_URL}\n"
            f"lock_store:\n  type: redis\n  url: {host}\n  port: {port}\n  db: {db}\n"
        )
        return path

    def haproxy_cfg(self) -> Path:
        limited = self.workdir / "rate-limited.json"
        limited.write_text(json.dumps([{"recipient_id": "", "text": rate_limited_text()}]))
        servers = "\n".join(
            f"  server rasa{n} 127.0.0.1:{port} check inter 2s fall 2 rise 2 maxconn {MAX_TURNS_IN_SERVER}"
            # A refused connection takes the server out at once: leastconn would otherwise keep choosing a dead
            # server until its health checks fail, since it has no connections.
            " observe layer4 error-limit 1 on-error mark-down"
            for n, port in enumerate(self.rasa_ports, 1)
        )
        rate_limit = (
            "  # Per client address: more than the limit a minute gets a polite reply, status 200 so the widget\n"
            "  # shows it, with Retry-After for other clients. Behind another proxy, track X-Forwarded-For.\n"
            "  stick-table type ip size 100k expire 2m store http_req_rate(1m)\n"
            "  http-request track-sc0 src if webhook\n"
            f"  http-request return status 200 content-type application/json hdr Retry-After 60 file {limited}"
            f" if webhook {{ sc_http_req_rate(0) gt {self.rate_limit_per_min} }}\n"
            if self.rate_limit_per_min > 0
            else ""
        )
        path = self.workdir / "haproxy.cfg"
        path.write_text(
            f"""global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A busy server answers its health check late, not never: only a refused or silent one is taken out.
  timeout check 10s
  # Turns beyond a server's maxconn wait here, in order, and go to whichever server frees up first.
  timeout queue 30s
  # A server that refuses a connection (killed, restarting) costs a retry on another one, not an error.
  # (A request is retried only when the server never started answering; the body is buffered for that.)
  retries 3
  option redispatch 1
  option http-buffer-request
  retry-on conn-failure empty-response
  option forwardfor
frontend residents
  bind {self.bind}:{self.port}
  acl webhook path /webhooks/rest/webhook
  acl socketio path_beg /socket.io
{rate_limit}  use_backend rasa_sticky if socketio
  default_backend rasa
backend rasa
  balance leastconn
  option httpchk GET /webhooks/rest/
{servers}
# socket.io keeps a session on one server (its polling requests must all reach it): same client, same server.
backend rasa_sticky
  balance source
  hash-type consistent
  option httpchk GET /webhooks/rest/
{servers}
"""
        )
        return path

    def supervisord_conf(self) -> Path:
        env = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
        env |= {"PYTHONWARNINGS": "ignore", "SQL_POOL_SIZE": os.environ.get("SQL_POOL_SIZE", "2")}
        env |= {"SQL_MAX_OVERFLOW": os.environ.get("SQL_MAX_OVERFLOW", "3"), "DATABASE_URL": self.database_url()}
        # The Rasa servers see HAProxy's address: they take the resident's from its X-Forwarded-For, and HAProxy
        # holds the per-address limit itself, so theirs stays per conversation. Each server counts a conversation's
        # messages on its own, so a conversation spread over N servers may send up to N times the limit.
        env |= {"TRUSTED_PROXIES": "127.0.0.1", "RATE_LIMIT_PER_ADDRESS": "0"}
        env |= {"RATE_LIMIT_PER_CONVERSATION": str(self.conversation_limit_per_min)}
        endpoints, rasa = str(self.endpoints()), str(BIN / "rasa")
        # The same supervision as make run (ops/supervise.py): a process that dies is restarted, one that
        # is running but doesn't answer its health URL too, and one that dies while starting backs off.
        programs = [
            Program(
                "actions",
                [rasa, "run", "actions", "--port", str(self.actions_port), "--actions", "actions"],
                health_url=f"http://127.0.0.1:{self.actions_port}/health",
                priority=20,
                env=env,
            ),
            Program("haproxy", ["/usr/sbin/haproxy", "-W", "-db", "-f", str(self.haproxy_cfg())], startsecs=2, env=env),
        ]
        for n, port in enumerate(self.rasa_ports, 1):
            programs.append(
                Program(
                    f"rasa{n}",
                    # The request body cap is for the Rasa servers only: the action server receives whole trackers.
                    ["/usr/bin/env", *(f"{k}={v}" for k, v in RASA_SERVER_ENV.items()), rasa, "run"]
                    + ["--model", str(self.model), "--interface", "127.0.0.1", "--port", str(port)]
                    + ["--credentials", "credentials.yml", "--endpoints", endpoints, *rasa_run_args()],
                    health_url=f"http://127.0.0.1:{port}/",
                    startsecs=RunSettings.rasa_startsecs,
                    priority=30,
                    env=env,
                )
            )
        # The 30-day purge of the cluster's PostgreSQL store, for as long as the cluster runs. The URL reaches it
        # through the environment, so it isn't on a command line that `ps` shows.
        programs.append(retention_program(["--url", "env:DATABASE_URL"], env=env))
        if not os.environ.get("REDIS_URL"):
            # The lock store only: nothing needs to survive a Redis restart, so it keeps nothing on disk.
            redis = ["/usr/bin/redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            programs.append(Program("redis", redis + ["--save", "", "--appendonly", "no"], startsecs=2, priority=20))
        if not os.environ.get("DATABASE_URL"):
            postgres = [str(PG_BIN / "postgres"), "-D", str(self.pgdata), "-c", f"port={self.pg_port}"]
            postgres += ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.pgdata}"]
            postgres += ["-c", f"max_connections={20 + 10 * self.instances}"]
            # PostgreSQL refuses to run as root; INT is its "fast" shutdown.
            programs.append(
                Program(
                    "postgres",
                    postgres,
                    startsecs=2,
                    priority=10,
                    user="postgres",
                    stopsignal="INT",
                    reap=False,
                    directory=self.pg_home,  # it may not enter the checkout
                )
            )
        self.conf.write_text(render(programs, self.workdir))
        self.conf.chmod(0o600)  # it holds DATABASE_URL
        return self.conf

    def prepare(self) -> Path:
        self.logs.mkdir(parents=True, exist_ok=True)
        if not os.environ.get("DATABASE_URL"):
            self.init_postgres()
        return self.supervisord_conf()

    # --- running -------------------------------------------------------------------------------------------

    def start(self, timeout: float = 240) -> None:
        """Starts supervisord in a session of its own and waits until a resident gets a real answer."""
        conf = self.prepare()
        with open(self.logs / "supervisord.out", "ab") as out:
            self.supervisord = subprocess.Popen(
                [BIN / "supervisord", "-c", conf], cwd=ROOT, env=SERVER_ENV, stdout=out, stderr=out
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


def main() -> None:
    cluster = Cluster()
    if sys.argv[1:] == ["--remove"]:
        try:
            cluster.remove()
        except RuntimeError as refused:
            sys.exit(str(refused))
        print(f"Removed {cluster.pg_home} (PostgreSQL's data) and {cluster.workdir}")
        return
    conf = cluster.prepare()
    if os.environ.get("DATABASE_URL"):
        data = "the PostgreSQL at DATABASE_URL"
    else:
        data = f"{cluster.pgdata} (PostgreSQL's data; make clean-cluster deletes it)"
    print(
        f"\n  The Islington CCG assistant is starting as a cluster of {cluster.instances} Rasa servers (about 30 s).\n"
        f"  Chat in a browser:  http://localhost:{cluster.port}/widget/\n"
        f"  Or over REST:       curl -s localhost:{cluster.port}/webhooks/rest/webhook "
        """-d '{"sender": "me", "message": "What is the phone number for Archway Medical Centre?"}'\n"""
        f"  Conversations:      {data}\n"
        f"  Logs: {cluster.logs}   Status: .venv/bin/supervisorctl -c {conf} status\n"
        "  Ctrl-C stops everything.\n",
        flush=True,
    )
    os.execv(BIN / "supervisord", [str(BIN / "supervisord"), "-c", str(conf)])


if __name__ == "__main__":
    main()
