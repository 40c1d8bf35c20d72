"""Where the project's private PostgreSQL keeps its files: folders the `postgres` user can reach from any checkout.

PostgreSQL refuses to run as root, so it runs as `postgres`, which cannot pass through a checkout in a folder only
root may enter (under /root, or made by mktemp -d). Its data therefore never lives under the checkout's var/; see
docs/deployment.md. The user's own folders are never opened up for it.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from ops.settings import AS_POSTGRES, PG_BIN, PG_HOME


def owned_by_postgres(folder: Path) -> Path:
    """Hands an empty folder to postgres, mode 0700: PostgreSQL's files are for it alone (and root)."""
    shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    return folder


def temporary_home() -> Path:
    """A new folder for a throwaway cluster (the tests'), under the system's temporary folder; the caller removes it."""
    return owned_by_postgres(Path(tempfile.mkdtemp(prefix="islington-pg-")))


def cluster_home(workdir: Path) -> Path:
    """The folder of the cluster whose configs are in workdir: one per checkout, named after the workdir's path."""
    digest = hashlib.sha256(str(Path(workdir).resolve()).encode()).hexdigest()[:12]
    return PG_HOME / f"islington-{Path(workdir).name}-{digest}"


def as_postgres(program: str, *args: object, **run: object) -> subprocess.CompletedProcess:
    """Runs one of PostgreSQL's programs as postgres, from / (it may not be able to enter the caller's folder)."""
    return subprocess.run([*AS_POSTGRES, str(PG_BIN / program), *map(str, args)], cwd="/", **run)


def init_private(home: Path, secret: Path) -> None:
    """A PostgreSQL cluster in home/data with a `tracker` database owned by `rasa`, whose password goes to secret.

    Nothing is done when both are there already. It belongs to postgres, since PostgreSQL refuses to run as root.
    """
    data = home / "data"
    if (data / "PG_VERSION").exists() and secret.exists():
        return
    # What a failed initdb left, or a database whose password went with an earlier secret.
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    owned_by_postgres(home)
    password = secrets.token_urlsafe(24)
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(password)
    secret.chmod(0o600)
    pwfile = home / "initdb-password"  # where postgres can read it, for the moment initdb needs it
    pwfile.write_text(password)
    pwfile.chmod(0o600)
    shutil.chown(pwfile, "postgres", "postgres")
    as_postgres(
        "initdb",
        *["-D", data, "-U", "rasa", "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=peer"],
        *["-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pwfile.unlink()
    # Single-user mode creates the database without starting a server (and without Rasa's login_db).
    as_postgres(
        "postgres",
        *["--single", "-D", data, "postgres"],
        input=b"CREATE DATABASE tracker OWNER rasa;\n",
        check=True,
        stdout=subprocess.DEVNULL,
    )


def remove_private(home: Path) -> None:
    """Deletes a private cluster's files (its conversations). Refuses while its PostgreSQL runs."""
    if as_postgres("pg_ctl", "status", "-D", home / "data", capture_output=True).returncode == 0:
        raise RuntimeError(f"PostgreSQL is running on {home / 'data'}: stop the cluster (Ctrl-C) first")
    shutil.rmtree(home, ignore_errors=True)
