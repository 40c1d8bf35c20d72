"""Runs the launch plan's programs (ops/plan.py) under supervisord, which restarts one that dies or stops answering.

`render()` writes the supervisord config for any list of Programs: make run and make run-cluster use it, both
through ops/launch.py, and the cluster tests through ops/cluster.py. `python -m ops.supervise exec PGID_FILE --
COMMAND...` is how each program starts (see exec_reaping).
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
from contextlib import suppress
from pathlib import Path

from ops.plan import Program
from ops.settings import BIN, FOREGROUND_ENV, ROOT

# How often the health checks run: supervisord's TICK_5 event, every 5 s.
HEALTH_EVENT = "TICK_5"


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
            timeout = ["-t", str(program.health_timeout_s)]
            check = [str(BIN / "httpok"), "-E", "-p", program.name, *timeout, program.health_url]
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
    config.chmod(0o600)  # a program's environment may hold a database password
    return config


def supervisord_command(config: Path) -> list[str]:
    return [str(BIN / "supervisord"), "--nodaemon", "--configuration", str(config)]


def exec_supervisord(config: Path) -> None:
    """Replaces this process with supervisord in the foreground, so that Ctrl-C reaches it and stops everything.

    It, and so every program it starts, runs in FOREGROUND_ENV (ops/settings.py).
    """
    command = supervisord_command(config)
    os.execve(command[0], command, FOREGROUND_ENV)


def run(programs: list[Program], run_dir: Path) -> None:
    exec_supervisord(write_config(programs, run_dir))


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
    """Replaces this process with supervisorctl against what runs in run_dir (make status)."""
    if not (run_dir / "supervisord.conf").exists():
        sys.exit(f"Nothing has been started in {run_dir}: start it with make run")
    os.execv(BIN / "supervisorctl", ["supervisorctl", "--configuration", str(run_dir / "supervisord.conf"), *args])


def main(argv: list[str]) -> None:
    if argv[:1] == ["exec"] and argv[2:3] == ["--"]:
        exec_reaping(Path(argv[1]), argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
