"""The Make targets that start the servers: make run, make shell, make status, make run-cluster, make clean-cluster.

Usage: python -m ops.launch run            the action server and the Rasa server under supervisord; Ctrl-C stops all
       python -m ops.launch shell          the action server, and `rasa shell` in this terminal
       python -m ops.launch status         what supervisord says about each process of a running `make run`
       python -m ops.launch cluster        PostgreSQL, Redis, N Rasa servers and HAProxy (settings: ops/cluster.py)
       python -m ops.launch clean-cluster  delete the cluster's conversations, configs and logs

make run's ports and places come from the environment, so that tests and other users can run it side by side:
RASA_PORT (5005), ACTIONS_PORT (5055), WORKERS (1), REDIS_PORT (6380, used only when WORKERS > 1), RASA_START_SECS
(60 a worker) and RUN_DIR (var/), which holds the rendered configs, supervisord's socket, the logs and the
conversations. Each way builds a Launch and starts what ops/plan.py's programs() makes of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ops import retention, supervise
from ops.plan import RASA_START_SECS, Launch, programs, shell_command
from ops.servers import start_program, stop_process, wait_until_ready
from ops.settings import BIN, FOREGROUND_ENV, REDIS_SERVER, RUN_PORTS, RUN_REDIS_PORT, VAR

EXAMPLE = """-d '{"sender": "me", "message": "What is the phone number for Archway Medical Centre?"}'"""


def make_run_launch(env: Mapping[str, str] = os.environ) -> Launch:
    """What `make run` serves, from the environment's RASA_PORT, ACTIONS_PORT, WORKERS, REDIS_PORT and RUN_DIR."""
    workers = int(env.get("WORKERS", 1))
    return Launch(
        workdir=Path(env.get("RUN_DIR", VAR)),
        rasa_ports=(int(env.get("RASA_PORT", RUN_PORTS[0])),),
        actions_port=int(env.get("ACTIONS_PORT", RUN_PORTS[1])),
        workers=workers,
        # Rasa runs several workers only with a lock store they share.
        redis_port=int(env.get("REDIS_PORT", RUN_REDIS_PORT)) if workers > 1 else None,
        quiet=True,
        # A minute was seen on a busy machine with two workers, each of which loads the model.
        rasa_startsecs=int(env.get("RASA_START_SECS", RASA_START_SECS * workers)),
    )


def purge_once(launch: Launch) -> None:
    """Keeps conversations no longer than the widget's privacy note promises, before anything serves them.

    Under supervisord the purge then runs every hour beside the servers; this covers `make shell` too.
    """
    deleted = retention.purge(launch.tracker_db)
    print(f"Deleted {deleted} conversation events older than {retention.RETENTION_DAYS} days from {launch.tracker_db}")


def run(launch: Launch) -> None:
    if launch.redis_port and not REDIS_SERVER.exists():
        sys.exit(f"WORKERS={launch.workers} needs redis-server: make redis")
    purge_once(launch)
    plan = programs(launch)
    port = launch.rasa_ports[0]
    print(
        "\n  The Islington CCG assistant is starting (about 15 seconds).\n"
        f"  Chat in a browser:  http://localhost:{port}/widget/\n"
        f"  Or over REST:       curl -s localhost:{port}/webhooks/rest/webhook \\\n"
        f"                        {EXAMPLE}\n"
        f"  Ctrl-C stops everything. Conversations are kept in {launch.tracker_db}.\n"
        "  supervisord restarts a server that dies or stops answering: `make status` shows them, logs are in "
        f"{launch.workdir}/log/.\n",
        flush=True,
    )
    # supervisord takes this process's place, so Ctrl-C reaches it and it stops every process it started.
    supervise.run(plan, launch.workdir)


def shell(launch: Launch) -> None:
    purge_once(launch)
    # Only the action server: `rasa shell` is the Rasa server here. Nothing of make run's own files changes.
    alone = replace(launch, redis_port=None, retention=False, endpoints_name="endpoints-shell.yml")
    actions = next(program for program in programs(alone) if program.name == "actions")
    (launch.workdir / "log").mkdir(parents=True, exist_ok=True)
    process = start_program(actions, launch.workdir / "log" / "actions-shell.log")
    try:
        wait_until_ready(actions, process)
        subprocess.run(shell_command(alone), env=FOREGROUND_ENV)
    except KeyboardInterrupt:
        pass
    finally:
        stop_process(process)


def cluster() -> None:
    from ops.cluster import Cluster  # it loads Rasa, which make run and make status don't need

    if os.getuid() != 0:
        sys.exit("make run-cluster runs PostgreSQL as the postgres user, so it needs root")
    running = Cluster()
    conf = running.prepare()
    if running.private_postgres:
        data = f"{running.pgdata} (PostgreSQL's data; make clean-cluster deletes it)"
    else:
        data = "the PostgreSQL at DATABASE_URL"
    print(
        f"\n  The Islington CCG assistant is starting as a cluster of {running.instances} Rasa servers (about 30 s).\n"
        f"  Chat in a browser:  http://localhost:{running.port}/widget/\n"
        f"  Or over REST:       curl -s localhost:{running.port}/webhooks/rest/webhook {EXAMPLE}\n"
        f"  Conversations:      {data}\n"
        f"  Logs: {running.logs}   Status: {BIN / 'supervisorctl'} -c {conf} status\n"
        "  Ctrl-C stops everything.\n",
        flush=True,
    )
    supervise.exec_supervisord(conf)


def clean_cluster() -> None:
    from ops.cluster import Cluster

    running = Cluster()
    try:
        running.remove()
    except RuntimeError as refused:
        sys.exit(str(refused))
    print(f"Removed {running.pg_home} (PostgreSQL's data) and {running.workdir}")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "run"
    if command in ("-h", "--help"):
        print(__doc__)
    elif command == "run":
        run(make_run_launch())
    elif command == "shell":
        shell(make_run_launch())
    elif command == "status":
        supervise.ctl(make_run_launch().workdir, "status")
    elif command == "cluster":
        cluster()
    elif command == "clean-cluster":
        clean_cluster()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
