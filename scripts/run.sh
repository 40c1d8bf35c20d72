#!/usr/bin/env bash
# Starts the action server and the Rasa server together; Ctrl-C (or either one dying) stops both.
# Usage: scripts/run.sh          serve the REST/socket.io channels and the widget on :5005
#        scripts/run.sh shell    chat in this terminal instead
#        WORKERS=2 scripts/run.sh   two Sanic workers, sharing a private Redis lock store (needs redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
# Library deprecation warnings would bury the "how to talk to it" message below.
export PYTHONWARNINGS=ignore
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=5055  # endpoints.yml points the Rasa server here
mkdir -p var
# Keep conversations no longer than the widget's privacy note promises (30 days).
.venv/bin/python -m storage.retention --db var/tracker.db

WORKERS=${WORKERS:-1}
endpoints=endpoints.yml
pids=()
stop_all() {
  # Sanic's worker processes are children of the Rasa server: stop them too, not just their parent.
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null
}
trap stop_all EXIT INT TERM
if [ "$WORKERS" -gt 1 ]; then
  # Rasa runs several workers only with a lock store they share; this Redis keeps nothing on disk.
  command -v redis-server >/dev/null || { echo "WORKERS=$WORKERS needs redis-server: make redis"; exit 1; }
  redis-server --port 6380 --bind 127.0.0.1 --save "" --appendonly no >var/redis.log 2>&1 &
  pids+=($!)
  endpoints=var/endpoints-workers.yml
  { cat endpoints.yml; printf 'lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: 6380\n'; } >"$endpoints"
  export SANIC_WORKERS=$WORKERS
fi

.venv/bin/rasa run actions --port "$ACTIONS_PORT" --actions actions --quiet &
pids+=($!)

if [ "${1:-}" = shell ]; then
  .venv/bin/rasa shell --model models/islington.tar.gz --endpoints "$endpoints" --quiet
  exit
fi

cat <<MSG

  The Islington CCG assistant is starting (about 15 seconds).
  Chat in a browser:  http://localhost:$RASA_PORT/widget/
  Or over REST:       curl -s localhost:$RASA_PORT/webhooks/rest/webhook \\
                        -d '{"sender": "me", "message": "What is the phone number for Archway Medical Centre?"}'
  Ctrl-C stops both servers. Conversations are kept in var/tracker.db.

MSG
# The request body cap, response time-out and CORS allow-list are set in service/paths.py.
export SANIC_REQUEST_MAX_SIZE=$(.venv/bin/python -c 'from service.paths import REQUEST_MAX_BYTES as b; print(b)')
# shellcheck disable=SC2046  # the flags are separate words on purpose
.venv/bin/rasa run --model models/islington.tar.gz --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$endpoints" --quiet $(.venv/bin/python -m service.paths) &
pids+=($!)
wait -n "${pids[@]}"
