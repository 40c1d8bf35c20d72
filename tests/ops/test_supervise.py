"""The supervisord config make run renders: parsed by supervisord itself, so a typo can't reach a start-up."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress

import yaml
from supervisor.options import ServerOptions

from ops.launch import make_run_launch
from ops.plan import programs
from ops.settings import RENDER_ONLY_PORTS, ROOT
from ops.supervise import write_config

RASA, ACTIONS, REDIS = RENDER_ONLY_PORTS["rasa"], RENDER_ONLY_PORTS["actions"], RENDER_ONLY_PORTS["redis"]


def parsed(tmp_path, **env: str) -> dict:
    """The config make run renders with these environment variables (RASA_PORT, WORKERS...)."""
    run_dir = tmp_path / "var"
    config = write_config(programs(make_run_launch({"RUN_DIR": str(run_dir), **env})), run_dir)
    options = ServerOptions()
    options.realize(["--configuration", str(config)])
    return {group.name: group for group in options.process_group_configs}


def test_make_run_supervises_both_servers_with_health_checks_and_follows_the_ports(tmp_path):
    groups = parsed(tmp_path, RASA_PORT=str(RASA), ACTIONS_PORT=str(ACTIONS))
    assert set(groups) == {"actions", "actions_health", "rasa", "rasa_health", "retention"}
    rasa = groups["rasa"].process_configs[0]
    assert rasa.autorestart and f"--port {RASA}" in rasa.command and rasa.startsecs == 60
    rasa_check = groups["rasa_health"].process_configs[0].command
    actions_check = groups["actions_health"].process_configs[0].command
    assert f"http://127.0.0.1:{RASA}/" in rasa_check and f"http://127.0.0.1:{ACTIONS}/health" in actions_check
    # A busy Rasa server answers its health URL behind the queued turns: it gets 30 s before a restart, not 10.
    assert " -t 30 " in rasa_check and " -t 10 " in actions_check
    # The Rasa server calls the action server on whatever port it was given, not endpoints.yml's 5055.
    endpoints = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["url"] == f"http://127.0.0.1:{ACTIONS}/webhook"
    # The conversations go to this run's own database, inside the redacting store's inner store.
    assert endpoints["tracker_store"]["type"] == "server.redacting_store.RedactingTrackerStore"
    assert endpoints["tracker_store"]["inner"]["db"] == str((tmp_path / "var" / "tracker.db").resolve())


def test_more_workers_share_a_redis_lock_store_started_first(tmp_path):
    groups = parsed(tmp_path, WORKERS="2", REDIS_PORT=str(REDIS))
    redis, rasa = groups["redis"].process_configs[0], groups["rasa"].process_configs[0]
    assert redis.priority < rasa.priority and f"--port {REDIS}" in redis.command
    assert rasa.environment["SANIC_WORKERS"] == "2" and rasa.startsecs == 120
    endpoints = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert endpoints["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": REDIS}


def test_a_restart_first_clears_the_workers_a_killed_server_left_holding_its_port(tmp_path):
    # Like Rasa with Sanic workers: the server binds its port, then forks a worker that shares the socket.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = (
        f"import os, socket, time; s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen(); "
        "os.fork(); time.sleep(60)"
    )
    start = [
        sys.executable,
        "-m",
        "ops.supervise",
        "exec",
        str(tmp_path / "server.pgid"),
        "--",
        sys.executable,
        "-c",
        server,
    ]
    first = subprocess.Popen(start, cwd=ROOT, start_new_session=True)  # as supervisord starts a program
    time.sleep(2)
    os.kill(first.pid, signal.SIGKILL)  # the worker lives on, holding the port
    first.wait()
    second = subprocess.Popen(start, cwd=ROOT, start_new_session=True)
    try:
        time.sleep(3)
        assert second.poll() is None, "the restarted server could not bind its port"
    finally:
        for group in (first.pid, second.pid):
            with suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        second.wait()


def test_the_cluster_is_supervised_like_make_run_health_checks_back_off_and_postgres_not_as_root(tmp_path):
    """issue 11 for make run-cluster: a Rasa or action server that hangs is restarted, not only one that dies."""
    from ops.cluster import Cluster

    base, actions = RENDER_ONLY_PORTS["rasa_base"], RENDER_ONLY_PORTS["cluster_actions"]
    cluster = Cluster(workdir=tmp_path / "cluster", instances=3, rasa_base_port=base, actions_port=actions)
    cluster.logs.mkdir(parents=True)
    (cluster.workdir / "pg-password").write_text("not-a-real-one")
    options = ServerOptions()
    options.realize(["--configuration", str(cluster.supervisord_conf())])
    groups = {group.name: group.process_configs[0] for group in options.process_group_configs}
    assert {"rasa1_health", "rasa2_health", "rasa3_health", "actions_health"} <= set(groups)
    assert f"http://127.0.0.1:{base + 2}/" in groups["rasa3_health"].command
    assert f"http://127.0.0.1:{actions}/health" in groups["actions_health"].command
    rasa = groups["rasa1"]
    # Dying within its start time is a failed start, which backs off 1 s, 2 s, 3 s... and ends FATAL after 10.
    assert rasa.autorestart and rasa.startsecs == 60 and rasa.startretries == 10
    assert f"--port {base}" in rasa.command and rasa.environment["DATABASE_URL"].startswith("postgresql://rasa:")
    postgres = groups["postgres"]
    assert postgres.uid != 0 and postgres.priority < groups["actions"].priority < rasa.priority
    assert oct(cluster.conf.stat().st_mode & 0o777) == "0o600", "it holds the database password"
