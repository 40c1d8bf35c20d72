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
TRACKER_DB = VAR / "tracker.db"
HELDOUT_DIR = ROOT / "tests" / "heldout"
NLU_DATA_DIR = ROOT / "data"
DOMAIN = ROOT / "domain.yml"

# (rasa, actions) ports. make run serves residents on RUN; each other user has its own pair, so they can run
# side by side. The action server's port for make run is also written in endpoints.yml.
RUN_PORTS = (5005, 5055)
TEST_PORTS = (int(os.environ.get("TEST_RASA_PORT", 5405)), int(os.environ.get("TEST_ACTIONS_PORT", 5455)))
EVAL_PORTS = {"ours": (5505, 5555), "rasa default": (5605, 5655)}
BENCH_PORTS = {"ours": (5505, 5555), "ours, 2 workers": (5525, 5575), "rasa init": (5605, 5655)}
BENCH_REDIS_PORT = 6395

# Every server the project starts runs with these: no telemetry, quiet TensorFlow and SQLAlchemy.
SERVER_ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}
