#!/usr/bin/env bash
# Starts the action server and the Rasa server under supervisord, which restarts either one that dies or stops
# answering while the other keeps serving; Ctrl-C stops everything. Logs, config and conversations are in RUN_DIR.
# Usage: ops/run.sh          serve the REST/socket.io channels and the widget on :5005
#        ops/run.sh shell    chat in this terminal instead
#        WORKERS=2 ops/run.sh   two Sanic workers, sharing a private Redis lock store (needs redis-server)
#        RASA_PORT, ACTIONS_PORT, REDIS_PORT and RUN_DIR (var) move it out of another copy's way.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
# Library deprecation warnings would bury the "how to talk to it" message below.
export PYTHONWARNINGS=ignore
export RASA_PORT=${RASA_PORT:-5005} ACTIONS_PORT=${ACTIONS_PORT:-5055} RUN_DIR=${RUN_DIR:-var}
mkdir -p "$RUN_DIR"
# Keep conversations no longer than the widget's privacy note promises (30 days). Under supervisord the purge
# then runs every hour beside the servers (ops/supervise.py); this covers `make shell` too.
.venv/bin/python -m ops.retention --db "$RUN_DIR/tracker.db"

if [ "${1:-}" = shell ]; then
  endpoints=$(.venv/bin/python -m ops.supervise endpoints)
  .venv/bin/rasa run actions --port "$ACTIONS_PORT" --actions actions --quiet &
  actions=$!
  trap 'kill $actions 2>/dev/null || true; wait' EXIT INT TERM
  .venv/bin/rasa shell --model models/islington.tar.gz --endpoints "$endpoints" --quiet
  exit
fi

if [ "${WORKERS:-1}" -gt 1 ]; then
  # Rasa runs several workers only with a lock store they share.
  command -v redis-server >/dev/null || { echo "WORKERS=$WORKERS needs redis-server: make redis"; exit 1; }
fi

cat <<MSG

  The Islington CCG assistant is starting (about 15 seconds).
  Chat in a browser:  http://localhost:$RASA_PORT/widget/
  Or over REST:       curl -s localhost:$RASA_PORT/webhooks/rest/webhook \\
                        -d '{"sender": "me", "message": "What is the phone number for Archway Medical Centre?"}'
  Ctrl-C stops everything. Conversations are kept in $RUN_DIR/tracker.db.
  supervisord restarts a server that dies or stops answering: \`make status\` shows them, logs are in $RUN_DIR/log/.

MSG
# exec: supervisord takes this process's place, so Ctrl-C reaches it and it stops every process it started.
# The request body cap, response time-out and CORS allow-list (ops/settings.py) reach Rasa through it.
exec .venv/bin/python -m ops.supervise run
