"""Runs the assistant's processes under supervisord, which restarts one that dies or stops answering.

Usage: python -m ops.supervise run        render the config into RUN_DIR and run supervisord in the foreground
       python -m ops.supervise status     what supervisord says about each process
       python -m ops.supervise endpoints  write RUN_DIR/endpoints-shell.yml and print its path (for make shell)

Ports and places come from the environment, so that tests and other users can run the same thing side by side:
RASA_PORT (5005), ACTIONS_PORT (5055), WORKERS (1), REDIS_PORT (6380, used only when WORKERS > 1) and RUN_DIR
(var/), which holds the rendered config, supervisord's control socket, the logs and the conversations.

`render()` and `run()` take any list of Programs, so another way of serving (a cluster) can use them as they are.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ops.settings import BIN, MODEL, RASA_SERVER_ENV, ROOT, RUN_PORTS, RUN_REDIS_PORT, VAR, rasa_run_args

# How often the health checks run: supervisord's TICK_5 event, every 5 s.
HEALTH_EVENT = "TICK_5"
# A server that takes longer than this to answer its health URL counts as down.
HEALTH_TIMEOUT_S = 10


@dataclass(frozen=True)
class Program:
    """One supervised process. Its health URL is checked only once supervisord counts it as RUNNING."""

    name: str
    command: list[str]
    health_url: str | None = None
    # How long it must stay up to count as started: long enough to load and answer its health URL, since a
    # RUNNING process that doesn't answer is restarted. Dying sooner counts as a failed start, which backs off.
    startsecs: int = 10
    # Failed starts in a row before supervisord gives up (FATAL); it waits 1 s, 2 s, 3 s... between them.
    startretries: int = 10
    # Lower starts first and stops last.
    priority: int = 500
    env: dict[str, str] = field(default_factory=dict)
    # Another user to run as (PostgreSQL refuses root), and the signal that stops it cleanly.
    user: str | None = None
    stopsignal: str | None = None
    # Clear what the last run left in its process group before each start (Sanic workers; see exec_reaping).
    # Needs to write to run_dir, so it is off for a program run as another user.
    reap: bool = True
    # Where it starts: the checkout unless said otherwise (a program run as another user may not enter it).
    directory: Path | None = None


def _value(text: str) -> str:
    # supervisord expands %(name)s in its config, so a literal % is written %%.
    return text.replace("%", "%%")


def _section(header: str, options: dict[str, object]) -> str:
    lines = [f"[{header}]"] + [f"{key}={_value(str(value))}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def render(programs: list[Program], run_dir: Path) -> str:
    """A supervisord config for the programs: control socket, pid file and every log under run_dir."""
    run_dir, logs = run_dir.resolve(), run_dir.resolve() / "log"
    socket = f"unix://{run_dir / 'supervisor.sock'}"
    sections = [
        _section("unix_http_server", {"file": run_dir / "supervisor.sock", "chmod": "0700"}),
        _section(
            "supervisord",
            {
                "nodaemon": "true",
                "logfile": logs / "supervisord.log",
                "pidfile": run_dir / "supervisord.pid",
                "childlogdir": logs,
                "directory": ROOT,
            },
        ),
        _section(
            "rpcinterface:supervisor",
            {"supervisor.rpcinterface_factory": "supervisor.rpcinterface:make_main_rpcinterface"},
        ),
        _section("supervisorctl", {"serverurl": socket}),
    ]
    for program in programs:
        # Each start first clears what the program's last run left behind (see exec_reaping).
        reaping = [str(BIN / "python"), "-m", "ops.supervise", "exec", str(run_dir / f"{program.name}.pgid"), "--"]
        options = {
            "command": shlex.join((reaping if program.reap else []) + program.command),
            "directory": program.directory or ROOT,
            "priority": program.priority,
            "autorestart": "true",
            "startsecs": program.startsecs,
            "startretries": program.startretries,
            # Sanic's worker processes are children of the Rasa server: stop and kill them with it.
            "stopasgroup": "true",
            "killasgroup": "true",
            "stopwaitsecs": 10,
            "redirect_stderr": "true",
            "stdout_logfile": logs / f"{program.name}.log",
            "stdout_logfile_maxbytes": "10MB",
            "stdout_logfile_backups": 3,
        }
        if program.env:
            options["environment"] = ",".join(f'{key}="{value}"' for key, value in program.env.items())
        if program.user:
            options["user"] = program.user
        if program.stopsignal:
            options["stopsignal"] = program.stopsignal
        sections.append(_section(f"program:{program.name}", options))
        if program.health_url:
            # superlance's httpok: restarts the program when, RUNNING, it doesn't answer the URL with a 200.
            # -E: no check while it is still starting, when it isn't expected to answer yet.
            check = [str(BIN / "httpok"), "-E", "-p", program.name, "-t", str(HEALTH_TIMEOUT_S), program.health_url]
            sections.append(
                _section(
                    f"eventlistener:{program.name}_health",
                    {
                        "command": shlex.join(check),
                        "events": HEALTH_EVENT,
                        "autorestart": "true",
                        # A listener's stdout talks to supervisord; what it says about restarts goes to stderr.
                        "stdout_logfile": "NONE",
                        "stderr_logfile": logs / f"{program.name}_health.log",
                        "stderr_logfile_maxbytes": "1MB",
                    },
                )
            )
    return "\n".join(sections)


def write_config(programs: list[Program], run_dir: Path) -> Path:
    (run_dir / "log").mkdir(parents=True, exist_ok=True)
    config = run_dir / "supervisord.conf"
    config.write_text(render(programs, run_dir))
    return config


def run(programs: list[Program], run_dir: Path) -> None:
    """Replaces this process with supervisord in the foreground, so that Ctrl-C reaches it and stops everything."""
    config = write_config(programs, run_dir)
    os.execv(BIN / "supervisord", ["supervisord", "--nodaemon", "--configuration", str(config)])


def _group_members(pgid: int, command: str) -> list[int]:
    """Processes in the process group that run the command (a Python script's cmdline starts with python)."""
    members = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError):
            continue
        # stat is "pid (name) state ppid pgrp ...", and the name may hold spaces.
        if proc.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[2]) == pgid and cmdline.endswith(command):
            members.append(int(proc.name))
    return members


def exec_reaping(pgid_file: Path, command: list[str]) -> None:
    """Becomes the command, after killing whatever its previous run left behind.

    Sanic's worker processes (WORKERS > 1) outlive a kill -9 of the Rasa server that forked them and keep its
    port, so the restarted server could never bind it. supervisord starts each program in a process group of its
    own: the group's id is kept in pgid_file, and what is still in the last group, running the same command, is
    killed first.
    """
    if pgid_file.exists():
        left = _group_members(int(pgid_file.read_text()), " ".join(command))
        for pid in left:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in left) and time.monotonic() < deadline:
            time.sleep(0.1)
    pgid_file.write_text(str(os.getpgrp()))
    os.execvp(command[0], command)


def ctl(run_dir: Path, *args: str) -> None:
    if not (run_dir / "supervisord.conf").exists():
        sys.exit(f"Nothing has been started in {run_dir}: start it with make run")
    os.execv(BIN / "supervisorctl", ["supervisorctl", "--configuration", str(run_dir / "supervisord.conf"), *args])


def _sqlite_to(store: dict, db: Path) -> None:
    # The SQLite file may be the tracker store itself or the store that a wrapping store (redaction) delegates to.
    if store.get("dialect") == "sqlite":
        store["db"] = str(db)
    if isinstance(store.get("inner"), dict):
        _sqlite_to(store["inner"], db)


def write_endpoints(run_dir: Path, actions_port: int, redis_port: int | None, name: str = "endpoints.yml") -> Path:
    """endpoints.yml with the action server on actions_port, conversations in run_dir and, if given, a Redis lock."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    _sqlite_to(endpoints.get("tracker_store") or {}, (run_dir / "tracker.db").resolve())
    if redis_port:
        # Rasa runs several Sanic workers only with a lock store they share.
        endpoints["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": redis_port}
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / name
    path.write_text("# Written by ops/supervise.py from endpoints.yml at each start: edit that instead.\n")
    with path.open("a") as out:
        yaml.safe_dump(endpoints, out, sort_keys=False)
    return path


@dataclass(frozen=True)
class RunSettings:
    """What `make run` serves on."""

    rasa_port: int = RUN_PORTS[0]
    actions_port: int = RUN_PORTS[1]
    workers: int = 1
    redis_port: int = RUN_REDIS_PORT
    run_dir: Path = VAR
    # Rasa loads its model before it answers: about 10 s on a quiet machine, but a minute was seen on a busy one
    # with two workers, each of which loads it.
    rasa_startsecs: int = 60

    @classmethod
    def from_env(cls) -> RunSettings:
        env, default = os.environ.get, cls()
        workers = int(env("WORKERS", default.workers))
        return cls(
            rasa_port=int(env("RASA_PORT", default.rasa_port)),
            actions_port=int(env("ACTIONS_PORT", default.actions_port)),
            workers=workers,
            redis_port=int(env("REDIS_PORT", default.redis_port)),
            run_dir=Path(env("RUN_DIR", default.run_dir)),
            rasa_startsecs=int(env("RASA_START_SECS", default.rasa_startsecs * workers)),
        )


def retention_program(store: list[str], env: dict[str, str] | None = None) -> Program:
    """The retention purge, running beside the servers for as long as they run (ops/retention.py).

    `store` is ["--db", path] or ["--url", url]. It purges when it starts and then every PURGE_EVERY_S.
    """
    from ops.retention import PURGE_EVERY_S  # storage imports ops.settings, not this module

    command = [str(BIN / "python"), "-m", "ops.retention", *store, "--every", str(PURGE_EVERY_S)]
    return Program("retention", command, startsecs=2, priority=300, env=env or {})


def make_run_programs(settings: RunSettings) -> list[Program]:
    """The action server, the Rasa server and, for more than one worker, the Redis lock store they share."""
    programs = []
    redis_port = settings.redis_port if settings.workers > 1 else None
    if redis_port:
        # Locks only: nothing is kept on disk.
        redis = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        programs.append(Program("redis", redis, startsecs=2, priority=100))
    actions = [str(BIN / "rasa"), "run", "actions", "--port", str(settings.actions_port), "--actions", "actions"]
    programs.append(
        Program("actions", [*actions, "--quiet"], f"http://127.0.0.1:{settings.actions_port}/health", priority=200)
    )
    endpoints = write_endpoints(settings.run_dir, settings.actions_port, redis_port)
    rasa = [str(BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(settings.rasa_port)]
    rasa += ["--credentials", "credentials.yml", "--endpoints", str(endpoints.resolve()), "--quiet"]
    rasa += rasa_run_args()  # response time-out and CORS allow-list
    programs.append(retention_program(["--db", str((settings.run_dir / "tracker.db").resolve())]))
    programs.append(
        Program(
            "rasa",
            rasa,
            f"http://127.0.0.1:{settings.rasa_port}/",
            startsecs=settings.rasa_startsecs,
            env={"SANIC_WORKERS": str(settings.workers), **RASA_SERVER_ENV},  # with the request body cap
        )
    )
    return programs


def main(argv: list[str]) -> None:
    settings = RunSettings.from_env()
    command = argv[0] if argv else "run"
    if command == "run":
        run(make_run_programs(settings), settings.run_dir)
    elif command == "status":
        ctl(settings.run_dir, "status")
    elif command == "exec" and argv[2:3] == ["--"]:
        exec_reaping(Path(argv[1]), argv[3:])
    elif command == "endpoints":
        # A file of its own, so that a shell beside `make run` doesn't change what its Rasa server restarts with.
        print(write_endpoints(settings.run_dir, settings.actions_port, None, "endpoints-shell.yml"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
