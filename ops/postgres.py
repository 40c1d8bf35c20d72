"""Where the project's private PostgreSQL keeps its files: folders the `postgres` user can reach from any checkout.

PostgreSQL refuses to run as root, so it runs as `postgres`, which cannot pass through a checkout in a folder only
root may enter (under /root, or made by mktemp -d). Its data therefore never lives under the checkout's var/; see
docs/deployment.md. The user's own folders are never opened up for it.
"""

from __future__ import annotations

import hashlib
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
