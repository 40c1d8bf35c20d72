"""The launch plan: from one Launch, every process that serves the assistant, with its command line and environment.

make run, make shell, make run-cluster, the tests, the evaluation and the benchmark all start what `programs()`
returns, under supervisord (ops/supervise.py) or as plain subprocesses (ops/servers.py). So each command line, the
servers' environment and the tracker-store chain are written once: here, in ops/settings.py and in endpoints.yml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ops import haproxy
from ops.retention import PURGE_EVERY_S
from ops.settings import (
    BIN,
    ENDPOINTS,
    HAPROXY,
    MODEL,
    PG_BIN,
    RASA_SERVER_ENV,
    REDIS_SERVER,
    ROOT,
    RUN_PORTS,
    rasa_run_args,
)

# Rasa loads its model before it answers: about 10 s on a quiet machine, but a minute was seen on a busy one.
RASA_START_SECS = 60
# How long a RUNNING server may take to answer its health URL before it is restarted. A Rasa server answers it on the
# event loop that reads residents' messages, so under overload the check waits behind every queued turn: at 10 s,
# a single server offered twice what it can serve (make test-cluster) was restarted while working, and 494 turns were
# refused. 30 s lets a busy server catch up; a hung one is still restarted within about 35 s. Other programs: 10 s.
RASA_HEALTH_TIMEOUT_S = 30
# Under supervisord lower starts first and stops last: the stores, the action server, the purge, Rasa, HAProxy.
PRIORITY = {"store": 100, "actions": 200, "retention": 300, "rasa": 400, "proxy": 500}


@dataclass(frozen=True)
class Program:
    """One process. Its health URL is checked only once supervisord counts it as RUNNING."""

    name: str
    command: list[str]
    health_url: str | None = None
    health_timeout_s: int = 10
    # The port it listens on: a starter without a health URL to ask waits until this accepts connections.
    port: int | None = None
    # How long it must stay up to count as started: long enough to load and answer its health URL, since a
    # RUNNING process that doesn't answer is restarted. Dying sooner counts as a failed start, which backs off.
    startsecs: int = 10
    # Failed starts in a row before supervisord gives up (FATAL); it waits 1 s, 2 s, 3 s... between them.
    startretries: int = 10
    priority: int = 500
    env: Mapping[str, str] = field(default_factory=dict)  # added to ops/settings.py's SERVER_ENV
    # Another user to run as (PostgreSQL refuses root), and the signal that stops it cleanly.
    user: str | None = None
    stopsignal: str | None = None
    # Clear what the last run left in its process group before each start (Sanic workers; see exec_reaping).
    # Needs to write to the run folder, so it is off for a program run as another user.
    reap: bool = True
    # Where it starts: the checkout unless said otherwise (a program run as another user may not enter it).
    directory: Path | None = None


@dataclass(frozen=True)
class PrivatePostgres:
    """A PostgreSQL of the launch's own, run as the postgres user, its files in home (see ops/postgres.py)."""

    port: int
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"


@dataclass(frozen=True)
class Proxy:
    """HAProxy in front of the Rasa servers: the only process that listens beyond 127.0.0.1."""

    port: int
    bind: str = "0.0.0.0"
    rate_limit_per_min: int = 30  # webhook requests a minute from one address; 0 turns the limit off


@dataclass(frozen=True)
class Launch:
    """What to start and where: the one settings object behind every way of running the servers."""

    workdir: Path  # configs, logs and, without a database_url, the conversations' SQLite file
    rasa_ports: tuple[int, ...] = (RUN_PORTS[0],)
    actions_port: int = RUN_PORTS[1]
    model: Path = MODEL
    project: Path = ROOT  # the folder the servers run in, with its credentials.yml and actions package
    workers: int = 1  # Sanic workers per Rasa server; more than one needs a Redis lock store
    interface: str | None = None  # the Rasa servers' address; behind HAProxy, 127.0.0.1
    redis_port: int | None = None  # a private Redis on this port, as the lock store
    redis_url: str | None = None  # redis://host:port/db, a Redis run by someone else instead
    # Conversations in this SQL database instead of workdir/tracker.db. It reaches Rasa through the environment,
    # so no file or `ps` line shows a password.
    database_url: str | None = None
    postgres: PrivatePostgres | None = None  # and run that database's PostgreSQL too
    proxy: Proxy | None = None
    tracker_store: str | None = None  # an inner store other than endpoints.yml's ("SQL" is Rasa's own)
    redact: bool = True  # the product always redacts; the rasa init bot is measured as Rasa ships it
    retention: bool = True  # the 30-day purge, beside the servers for as long as they run
    quiet: bool = False
    debug: bool = False
    enable_api: bool = False  # Rasa's HTTP API, which the eval reads the NLU from; residents' servers never have it
    env: Mapping[str, str] = field(default_factory=dict)  # for the servers and the purge
    rasa_startsecs: int = RASA_START_SECS
    endpoints_name: str = "endpoints.yml"

    @property
    def tracker_db(self) -> Path:
        return self.workdir.resolve() / "tracker.db"


def tracker_store(launch: Launch) -> dict:
    """endpoints.yml's chain (redaction around the bounded SQL store), keeping the conversations where launch says."""
    chain = yaml.safe_load(ENDPOINTS.read_text())["tracker_store"]
    where = {"url": "${DATABASE_URL}"} if launch.database_url else {"dialect": "sqlite", "db": str(launch.tracker_db)}
    inner = {"type": launch.tracker_store or chain["inner"]["type"], **where}
    return {**chain, "inner": inner} if launch.redact else inner


def lock_store(launch: Launch) -> dict | None:
    """A Redis lock store, which Rasa needs to run several Sanic workers or servers on one conversation store."""
    if launch.redis_url:
        parts = urlsplit(launch.redis_url)
        db = int(parts.path.strip("/") or 0)
        return {"type": "redis", "url": parts.hostname or "127.0.0.1", "port": parts.port or 6379, "db": db}
    if launch.redis_port:
        return {"type": "redis", "url": "127.0.0.1", "port": launch.redis_port}
    return None


def write_endpoints(launch: Launch) -> Path:
    """endpoints.yml with launch's action server, conversation store and lock store, in launch.workdir."""
    endpoints = yaml.safe_load(ENDPOINTS.read_text())
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{launch.actions_port}/webhook"}
    endpoints["tracker_store"] = tracker_store(launch)
    if lock_store(launch):
        endpoints["lock_store"] = lock_store(launch)
    launch.workdir.mkdir(parents=True, exist_ok=True)
    path = launch.workdir.resolve() / launch.endpoints_name
    path.write_text("# Written by ops/plan.py from endpoints.yml at each start: edit that instead.\n")
    with path.open("a") as out:
        yaml.safe_dump(endpoints, out, sort_keys=False)
    return path


def postgres_program(launch: Launch, postgres: PrivatePostgres) -> Program:
    command = [str(PG_BIN / "postgres"), "-D", str(postgres.data), "-c", f"port={postgres.port}"]
    command += ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={postgres.data}"]
    command += ["-c", f"max_connections={20 + 10 * len(launch.rasa_ports)}"]
    # PostgreSQL refuses to run as root; INT is its "fast" shutdown. It may not enter the checkout.
    return Program(
        "postgres",
        command,
        port=postgres.port,
        startsecs=2,
        priority=PRIORITY["store"],
        user="postgres",
        stopsignal="INT",
        reap=False,
        directory=postgres.home,
    )


def redis_program(port: int) -> Program:
    # The lock store only: nothing needs to survive a Redis restart, so it keeps nothing on disk.
    command = [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    return Program("redis", command, port=port, startsecs=2, priority=PRIORITY["store"])


def actions_program(launch: Launch, env: Mapping[str, str]) -> Program:
    command = [str(BIN / "rasa"), "run", "actions", "--port", str(launch.actions_port), "--actions", "actions"]
    command += ["--quiet"] * launch.quiet + ["--debug"] * launch.debug
    health = f"http://127.0.0.1:{launch.actions_port}/health"
    return Program(
        "actions",
        command,
        health,
        port=launch.actions_port,
        priority=PRIORITY["actions"],
        env=env,
        directory=launch.project,
    )


def retention_program(launch: Launch, env: Mapping[str, str]) -> Program:
    """The purge (ops/retention.py): once at its start, then every PURGE_EVERY_S. A URL stays in the environment."""
    store = ["--url", "env:DATABASE_URL"] if launch.database_url else ["--db", str(launch.tracker_db)]
    command = [str(BIN / "python"), "-m", "ops.retention", *store, "--every", str(PURGE_EVERY_S)]
    return Program("retention", command, startsecs=2, priority=PRIORITY["retention"], env=env)


def rasa_program(launch: Launch, name: str, port: int, endpoints: Path, env: Mapping[str, str]) -> Program:
    command = [str(BIN / "rasa"), "run", "--model", str(launch.model)]
    command += ["--interface", launch.interface] if launch.interface else []
    command += ["--port", str(port), "--credentials", "credentials.yml", "--endpoints", str(endpoints)]
    command += ["--enable-api"] * launch.enable_api + ["--quiet"] * launch.quiet + ["--debug"] * launch.debug
    command += rasa_run_args()  # response time-out and CORS allow-list
    # The request body cap is for the Rasa servers only: the action server receives whole trackers.
    env = {"SANIC_WORKERS": str(launch.workers), **env, **RASA_SERVER_ENV}
    return Program(
        name,
        command,
        f"http://127.0.0.1:{port}/",
        health_timeout_s=RASA_HEALTH_TIMEOUT_S,
        port=port,
        startsecs=launch.rasa_startsecs,
        priority=PRIORITY["rasa"],
        env=env,
        directory=launch.project,
    )


def haproxy_program(launch: Launch, proxy: Proxy) -> Program:
    config = haproxy.write_config(
        launch.workdir.resolve(), proxy.bind, proxy.port, list(launch.rasa_ports), proxy.rate_limit_per_min
    )
    command = [str(HAPROXY), "-W", "-db", "-f", str(config)]
    return Program("haproxy", command, port=proxy.port, startsecs=2, priority=PRIORITY["proxy"])


def programs(launch: Launch) -> list[Program]:
    """Every process that serves launch, in start order; writes the configs they read into launch.workdir."""
    env = {**launch.env, **({"DATABASE_URL": launch.database_url} if launch.database_url else {})}
    plan = [postgres_program(launch, launch.postgres)] if launch.postgres else []
    if launch.redis_port and not launch.redis_url:
        plan.append(redis_program(launch.redis_port))
    plan.append(actions_program(launch, env))
    if launch.retention:
        plan.append(retention_program(launch, env))
    endpoints = write_endpoints(launch)
    numbered = launch.proxy or len(launch.rasa_ports) > 1  # rasa1, rasa2... as HAProxy names them
    for n, port in enumerate(launch.rasa_ports, 1):
        plan.append(rasa_program(launch, f"rasa{n}" if numbered else "rasa", port, endpoints, env))
    if launch.proxy:
        plan.append(haproxy_program(launch, launch.proxy))
    return plan


def shell_command(launch: Launch) -> list[str]:
    """`rasa shell` in this terminal, talking to launch's action server (make shell).

    Its endpoints file is one of its own, so that a shell beside `make run` doesn't change what that Rasa server
    restarts with, and it has no lock store: one shell needs none.
    """
    alone = replace(launch, redis_port=None, redis_url=None, endpoints_name="endpoints-shell.yml")
    endpoints = write_endpoints(alone)
    return [str(BIN / "rasa"), "shell", "--model", str(launch.model), "--endpoints", str(endpoints), "--quiet"]
