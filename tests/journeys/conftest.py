"""The journeys' fixtures: the real action server and Rasa server (tests/bot_fixtures.py, shared with the browser
tests), and a private PostgreSQL, each started once a session."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ops.postgres import as_postgres as run_as_postgres
from ops.postgres import temporary_home
from ops.settings import PG_BIN
from ops.settings import PRIVACY_PG_PORT as PG_PORT
from tests.bot_fixtures import bot_server, bot_servers  # noqa: F401 (fixtures)


def as_postgres(program: str, *args: str) -> subprocess.CompletedProcess:
    return run_as_postgres(program, *args, capture_output=True, text=True, timeout=120)


@dataclass(frozen=True)
class PrivatePostgres:
    url: str  # the `postgres` database, for tests that make databases of their own
    data: Path  # the cluster's files, which tests may read as raw bytes

    def database(self, name: str) -> str:
        """The URL of a new, empty database."""
        import sqlalchemy

        admin = sqlalchemy.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def private_postgres() -> PrivatePostgres:
    """A PostgreSQL 15 cluster of the tests' own, on its own port, stopped and removed afterwards.

    PostgreSQL refuses to run as root, so it runs as the `postgres` user; `make test` installs it. Its files are
    in a folder of postgres's own under the system's temporary folder, not under var/: postgres may not be able
    to enter the checkout (issue 25).
    """
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed: run `make cluster-packages` (make test does)")
    home = temporary_home()
    data = home / "data"
    try:
        made = as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
        assert made.returncode == 0, made.stdout + made.stderr
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {data}"
        started = as_postgres("pg_ctl", "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start")
        assert started.returncode == 0, started.stdout + started.stderr
        yield PrivatePostgres(f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", data)
    finally:
        as_postgres("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(private_postgres: PrivatePostgres) -> str:
    return private_postgres.url
