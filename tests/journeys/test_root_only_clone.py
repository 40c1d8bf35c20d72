"""issue 25: a newcomer who clones into a folder only root may enter (/root/..., mktemp -d) still gets PostgreSQL.

PostgreSQL runs as the `postgres` user, which cannot pass through such a folder. These tests clone the last
commit of this checkout into one and start the tests' and the cluster's PostgreSQL from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ops.settings import AS_POSTGRES, ROOT
from tests.journeys.conftest import PG_PORT

# The clone's own private PostgreSQL, beside the one this session may be running on PG_PORT.
CLONE_PG_PORT = PG_PORT + 1


@pytest.fixture(scope="module")
def clone() -> Path:
    private = Path(tempfile.mkdtemp(prefix="islington-root-only-"))  # mode 0700, owned by root
    try:
        # The premise: postgres can't enter the folder the newcomer cloned into.
        assert subprocess.run([*AS_POSTGRES, "test", "-x", str(private)], cwd="/").returncode != 0
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(private / "islington")], check=True)
        yield private / "islington"
    finally:
        shutil.rmtree(private, ignore_errors=True)


def run_in(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PRIVACY_PG_PORT": str(CLONE_PG_PORT), "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run([sys.executable, *args], cwd=clone, env=env, capture_output=True, text=True, timeout=300)


def test_the_postgresql_tests_pass_in_a_clone_only_root_may_enter(clone):
    done = run_in(clone, "-m", "pytest", "-p", "no:cacheprovider", "tests/journeys/test_retention_postgres.py")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"rootdir: {clone}" in done.stdout, "the clone's own code ran"
    assert not list((clone / "var").glob("pg-tests-*")), "nothing of PostgreSQL's is left in the clone"


def test_the_clusters_postgresql_starts_from_a_clone_only_root_may_enter_and_make_clean_cluster_removes_it(clone):
    # What make run-cluster does before it hands over to supervisord.
    script = "from ops.cluster import Cluster\nc = Cluster()\nc.prepare()\nprint(c.pgdata)"
    done = run_in(clone, "-c", script)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pgdata = Path(done.stdout.strip().splitlines()[-1])
    try:
        assert (pgdata / "PG_VERSION").exists()
        assert clone not in pgdata.parents, "the database lives where postgres can reach it, not in the clone"
        assert pgdata.owner() == "postgres" and pgdata.stat().st_mode & 0o077 == 0
    finally:
        # The clone has no .venv of its own: make uses this one.
        make = ["make", "clean-cluster", f"BIN={Path(sys.executable).parent}"]
        removed = subprocess.run(make, cwd=clone, capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not pgdata.exists() and not (clone / "var" / "cluster").exists()
