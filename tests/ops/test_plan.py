"""The launch plan: every way of starting the servers gets the same command lines and the same conversation store."""

from __future__ import annotations

import yaml

from ops.launch import make_run_launch
from ops.plan import Launch, PrivatePostgres, Proxy, programs, shell_command
from ops.settings import ENDPOINTS, RENDER_ONLY_PORTS

RASA, ACTIONS = RENDER_ONLY_PORTS["rasa"], RENDER_ONLY_PORTS["actions"]
DATABASE_URL = "postgresql://rasa:secret@127.0.0.1:1/tracker"


def endpoints(launch: Launch) -> dict:
    return yaml.safe_load((launch.workdir / launch.endpoints_name).read_text())


def by_name(launch: Launch) -> dict:
    return {program.name: program for program in programs(launch)}


def test_every_launch_redacts_conversations_through_endpoints_yml_chain(tmp_path):
    chain = yaml.safe_load(ENDPOINTS.read_text())["tracker_store"]
    on_file = Launch(tmp_path / "file", (RASA,), ACTIONS)
    on_postgres = Launch(tmp_path / "pg", (RASA,), ACTIONS, database_url=DATABASE_URL)
    programs(on_file), programs(on_postgres)
    for launch in (on_file, on_postgres):
        store = endpoints(launch)["tracker_store"]
        assert store["type"] == chain["type"] and store["inner"]["type"] == chain["inner"]["type"]
    assert endpoints(on_file)["tracker_store"]["inner"]["db"] == str((tmp_path / "file" / "tracker.db").resolve())


def test_a_database_password_reaches_the_servers_through_their_environment_not_a_file(tmp_path):
    launch = Launch(tmp_path, (RASA,), ACTIONS, database_url=DATABASE_URL)
    plan = by_name(launch)
    assert endpoints(launch)["tracker_store"]["inner"]["url"] == "${DATABASE_URL}"
    assert plan["rasa"].env["DATABASE_URL"] == DATABASE_URL
    assert "--url env:DATABASE_URL" in " ".join(plan["retention"].command)
    assert not any("secret" in path.read_text() for path in tmp_path.iterdir() if path.is_file())


def test_the_rasa_init_bot_is_measured_with_rasas_own_store_as_shipped(tmp_path):
    launch = Launch(tmp_path, (RASA,), ACTIONS, tracker_store="SQL", redact=False)
    programs(launch)
    assert endpoints(launch)["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": str(launch.tracker_db)}


def test_make_run_and_the_cluster_start_rasa_with_the_same_command_line_apart_from_where_it_listens(tmp_path):
    local = by_name(make_run_launch({"RUN_DIR": str(tmp_path / "run"), "RASA_PORT": str(RASA)}))["rasa"]
    postgres = PrivatePostgres(RENDER_ONLY_PORTS["postgres"], tmp_path / "pg")
    cluster = Launch(
        tmp_path / "run",
        (RASA, RASA + 1),
        ACTIONS,
        interface="127.0.0.1",
        database_url=DATABASE_URL,
        postgres=postgres,
        proxy=Proxy(RENDER_ONLY_PORTS["haproxy"]),
    )
    plan = by_name(cluster)
    assert list(plan) == ["postgres", "actions", "retention", "rasa1", "rasa2", "haproxy"]
    rasa1 = plan["rasa1"].command
    at = rasa1.index("--interface")
    assert rasa1[:at] + rasa1[at + 2 :] == [arg for arg in local.command if arg != "--quiet"]
    assert plan["postgres"].user == "postgres" and plan["postgres"].directory == postgres.home


def test_make_shell_writes_an_endpoints_file_of_its_own_and_leaves_make_runs_alone(tmp_path):
    launch = make_run_launch({"RUN_DIR": str(tmp_path), "WORKERS": "2"})
    programs(launch)
    before = (tmp_path / "endpoints.yml").read_text()
    command = shell_command(launch)
    assert command[command.index("--endpoints") + 1] == str((tmp_path / "endpoints-shell.yml").resolve())
    assert "lock_store" not in yaml.safe_load((tmp_path / "endpoints-shell.yml").read_text())
    assert (tmp_path / "endpoints.yml").read_text() == before
