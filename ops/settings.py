"""Every path and port the project uses, in one place, so that they can't drift apart."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the .venv's bin, where `rasa` is
MODEL = ROOT / "models" / "islington.tar.gz"
REPORTS = ROOT / "reports"
README = ROOT / "README.md"
VAR = ROOT / "var"
# The data the project shares with its sister checkouts (e.g. CLINC150) sits beside the checkout, as ../shared.
SHARED = ROOT.parent / "shared"
# Debian keeps PostgreSQL's server programs off the PATH, and runuser in /usr/sbin, which a CI runner's or a
# login shell's PATH may leave out. PostgreSQL refuses to run as root, so it runs as the `postgres` user.
PG_BIN = Path("/usr/lib/postgresql/15/bin")
AS_POSTGRES = ["/usr/sbin/runuser", "-u", "postgres", "--"]
# Debian's home of the postgres user: make run-cluster's database lives under it (ops/postgres.py says why).
PG_HOME = Path("/var/lib/postgresql")
# Debian's Redis and HAProxy (make cluster-packages installs them, with PostgreSQL).
REDIS_SERVER = Path("/usr/bin/redis-server")
HAPROXY = Path("/usr/sbin/haproxy")
ENDPOINTS = ROOT / "endpoints.yml"
TRACKER_DB = VAR / "tracker.db"
HELDOUT_DIR = ROOT / "tests" / "heldout"
NLU_DATA_DIR = ROOT / "data"
DOMAIN = ROOT / "domain.yml"
# The sentence model as an ONNX graph, built by `make encoder` (nlu/builders/encoder_graph.py) and pinned by hash.
ENCODER_MODEL = ROOT / "build" / "encoder" / "model.onnx"
# The words English messages are mostly made of, built by `make train` (nlu/builders/english_words.py).
ENGLISH_WORDS = ROOT / "build" / "english_words.txt"
# Training-set embeddings kept between trainings, keyed by the model's hash and each text's (the bench points it
# at a file of its own, to time a training from scratch).
ENCODER_CACHE = Path(os.environ.get("ENCODER_CACHE", ROOT / "build" / "encoder" / "training-embeddings.npz"))

# (rasa, actions) ports. make run serves residents on RUN; each other user has its own pair, so they can run
# side by side. The action server's port for make run is also written in endpoints.yml.
RUN_PORTS = (5005, 5055)
RUN_REDIS_PORT = 6380  # make run WORKERS=2's private lock store
# make run-cluster: HAProxy serves residents on its port; the rest listen on 127.0.0.1 only.
CLUSTER_PORTS = {"port": 5005, "rasa_base_port": 6210, "actions_port": 6250, "pg_port": 6232, "redis_port": 6279}
# make test-cluster's own cluster, apart from make run-cluster's, so that both can run at once.
TEST_CLUSTER_PORTS = {"port": 6200, "rasa_base_port": 6240, "actions_port": 6252, "pg_port": 6234, "redis_port": 6277}
# make bench-cluster's own cluster, apart from make run-cluster's and the tests'.
BENCH_CLUSTER_PORTS = {"port": 6201, "rasa_base_port": 6220, "actions_port": 6251, "pg_port": 6233, "redis_port": 6278}
# Ports a test renders into a config without binding them (tests/ops/test_supervise.py).
RENDER_ONLY_PORTS = {
    "rasa": 6401,
    "actions": 6451,
    "redis": 6399,
    "rasa_base": 6610,
    "cluster_actions": 6650,
    "postgres": 6433,
    "haproxy": 6400,
}
GROWTH_PORTS = (5745, 5795)
TEST_PORTS = (int(os.environ.get("TEST_RASA_PORT", 5405)), int(os.environ.get("TEST_ACTIONS_PORT", 5455)))
# make test-supervise runs `make run` itself on these, beside the journeys' servers on TEST_PORTS.
SUPERVISION_PORTS = (
    int(os.environ.get("SUPERVISION_RASA_PORT", 6405)),
    int(os.environ.get("SUPERVISION_ACTIONS_PORT", 6455)),
)
EVAL_PORTS = {"ours": (5505, 5555), "rasa default": (5605, 5655)}
BENCH_PORTS = {
    "ours": (5705, 5755),
    "ours, no embedding cache": (5715, 5765),
    "ours, 2 workers": (5725, 5775),
    "rasa init": (5905, 5955),
}
BENCH_REDIS_PORT = 6395
# The privacy tests' and the fuzz run's own servers (rate limits and debug logs on, unlike the shared pair).
PRIVACY_TEST_PORTS = (int(os.environ.get("PRIVACY_RASA_PORT", 6105)), int(os.environ.get("PRIVACY_ACTIONS_PORT", 6155)))
# The same redaction checks with conversations in PostgreSQL, as the cluster keeps them.
PRIVACY_PG_TEST_PORTS = (
    int(os.environ.get("PRIVACY_PG_RASA_PORT", 6115)),
    int(os.environ.get("PRIVACY_PG_ACTIONS_PORT", 6165)),
)
# The journeys' private PostgreSQL (tests/journeys/conftest.py), and the one a fresh clone of the checkout starts
# beside it (tests/journeys/test_root_only_clone.py, which passes it on as PRIVACY_PG_PORT).
PRIVACY_PG_PORT = int(os.environ.get("PRIVACY_PG_PORT", 6190))
CLONE_PG_PORT = PRIVACY_PG_PORT + 1
# A widget served by servers whose per-conversation limit is tiny, so a browser test can reach it.
WIDGET_LIMITED_PORTS = (6135, 6185)
SCREENSHOT_PORTS = (6145, 6195)  # tests/browser/before_after.py
# make test-understanding's own servers (issue 21's blind sets).
UNDERSTANDING_PORTS = (
    int(os.environ.get("UNDERSTANDING_RASA_PORT", 6305)),
    int(os.environ.get("UNDERSTANDING_ACTIONS_PORT", 6355)),
)
FUZZ_PORTS = (int(os.environ.get("FUZZ_RASA_PORT", 6125)), int(os.environ.get("FUZZ_ACTIONS_PORT", 6175)))

# Every server the project starts runs with these: no telemetry, quiet TensorFlow and SQLAlchemy. Both runners
# (ops/supervise.py's supervisord and ops/servers.py's subprocesses) start the programs in this environment.
SERVER_ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}
# What runs in a terminal (make run's supervisord and every program it starts, make shell): library deprecation
# warnings would bury the banner that says how to talk to the assistant.
FOREGROUND_ENV = {**SERVER_ENV, "PYTHONWARNINGS": "ignore"}

# The HTTP surface (privacy and security, issue 8). Each can be overridden by the environment of whoever starts
# the servers; the defaults suit one Rasa server behind the widget.
# A request body over this is refused by Sanic with 413 before it is read: a message is at most 1,000 characters.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", 64 * 1024))
# Rasa waits an hour by default for an answer; a resident won't, and a stuck request holds a worker.
RESPONSE_TIMEOUT_S = int(os.environ.get("RESPONSE_TIMEOUT_S", 30))
# Origins other than the bot's own that may call it from a browser, separated by spaces or commas. Empty by
# default (the widget is served from the same origin), and "*" is never accepted.
CORS_ORIGINS = [o for o in os.environ.get("CORS_ORIGINS", "").replace(",", " ").split() if o != "*"]
# Added to SERVER_ENV for the Rasa server only: the action server is Sanic too, and the trackers Rasa posts to
# it grow past any cap that suits a resident's message.
RASA_SERVER_ENV = {"SANIC_REQUEST_MAX_SIZE": str(REQUEST_MAX_BYTES)}


def rasa_run_args() -> list[str]:
    """The `rasa run` flags every starter of the Rasa server adds: its time-out and its CORS allow-list."""
    return ["--response-timeout", str(RESPONSE_TIMEOUT_S)] + (["--cors", *CORS_ORIGINS] if CORS_ORIGINS else [])


if __name__ == "__main__":  # for ops/run.sh: `python -m ops.settings` prints the flags
    print(" ".join(rasa_run_args()))
