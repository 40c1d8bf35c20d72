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

from service.paths import ROOT
from service.supervise import RunSettings, make_run_programs, write_config


def parsed(tmp_path, **settings) -> dict:
    run_dir = tmp_path / "var"
    config = write_config(make_run_programs(RunSettings(run_dir=run_dir, **settings)), run_dir)
    options = ServerOptions()
    options.realize(["--configuration", str(config)])
    return {group.name: group for group in options.process_group_configs}


def test_make_run_supervises_both_servers_with_health_checks_and_follows_the_ports(tmp_path):
    groups = parsed(tmp_path, rasa_port=6401, actions_port=6451)
    assert set(groups) == {"actions", "actions_health", "rasa", "rasa_health"}
    rasa = groups["rasa"].process_configs[0]
    assert rasa.autorestart and "--port 6401" in rasa.command and rasa.startsecs == 60
    assert "http://127.0.0.1:6401/" in groups["rasa_health"].process_configs[0].command
    assert "http://127.0.0.1:6451/health" in groups["actions_health"].process_configs[0].command
    # The Rasa server calls the action server on whatever port it was given, not endpoints.yml's 5055.
    endpoints = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["url"] == "http://127.0.0.1:6451/webhook"
    assert endpoints["tracker_store"]["db"] == str((tmp_path / "var" / "tracker.db").resolve())


def test_more_workers_share_a_redis_lock_store_started_first(tmp_path):
    groups = parsed(tmp_path, workers=2, redis_port=6399)
    redis, rasa = groups["redis"].process_configs[0], groups["rasa"].process_configs[0]
    assert redis.priority < rasa.priority and "--port 6399" in redis.command
    assert rasa.environment["SANIC_WORKERS"] == "2"
    endpoints = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert endpoints["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": 6399}


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
        "service.supervise",
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
