"""A whole cluster (ops/cluster.py) on this suite's own ports, started once; only under make test-cluster.

TEST_CLUSTER_PORTS are its own, so that make run and make run-cluster can run beside the tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ops.cluster import Cluster
from ops.settings import MODEL, TEST_CLUSTER_PORTS, VAR


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("CLUSTER_TESTS"):
        skip = pytest.mark.skip(reason="the cluster tests take minutes: run them with make test-cluster")
        # This hook sees the whole session's items, not only this folder's.
        here = Path(__file__).parent
        for item in items:
            if here in item.path.parents:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test-cluster does)")
    workdir = VAR / "test-cluster"
    shutil.rmtree(workdir, ignore_errors=True)  # a fresh database each run
    # HAProxy's per-address limit stays on (it has its own test); the per-conversation limit is off, because the
    # turn-300 continuity test sends one conversation far faster than a resident. tests/journeys/test_privacy_rest.py
    # tests that limit on one server.
    limits = {"rate_limit_per_min": 30, "conversation_limit_per_min": 0}
    with Cluster(workdir=workdir, bind="127.0.0.1", instances=2, **limits, **TEST_CLUSTER_PORTS) as running:
        yield running
