#!/usr/bin/env bash
# Starts the cluster (ops/cluster.py): PostgreSQL, Redis, the action server, INSTANCES Rasa servers and HAProxy,
# all under supervisord in the foreground, so Ctrl-C stops every one of them.
# Usage: ops/run-cluster.sh                 HAProxy on :5005, two Rasa servers
#        INSTANCES=3 CLUSTER_PORT=8080 ops/run-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
[ "$(id -u)" = 0 ] || { echo "make run-cluster runs PostgreSQL as the postgres user, so it needs root"; exit 1; }
mkdir -p var/cluster
exec .venv/bin/python -m ops.cluster
