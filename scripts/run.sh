#!/usr/bin/env bash
# Starts the action server and the Rasa server together; Ctrl-C (or either one dying) stops both.
# Usage: scripts/run.sh          serve the REST/socket.io channels and the widget on :5005
#        scripts/run.sh shell    chat in this terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
# Library deprecation warnings would bury the "how to talk to it" message below.
export PYTHONWARNINGS=ignore
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=5055  # endpoints.yml points the Rasa server here
mkdir -p var
# Keep conversations no longer than the widget's privacy note promises (30 days).
.venv/bin/python -m channels.retention --db var/tracker.db

.venv/bin/rasa run actions --port "$ACTIONS_PORT" --actions actions --quiet &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

if [ "${1:-}" = shell ]; then
  .venv/bin/rasa shell --model models/islington.tar.gz --endpoints endpoints.yml --quiet
  exit
fi

cat <<MSG

  The Islington CCG assistant is starting (about 15 seconds).
  Chat in a browser:  http://localhost:$RASA_PORT/widget/
  Or over REST:       curl -s localhost:$RASA_PORT/webhooks/rest/webhook \\
                        -d '{"sender": "me", "message": "What is the phone number for Archway Medical Centre?"}'
  Ctrl-C stops both servers. Conversations are kept in var/tracker.db.

MSG
.venv/bin/rasa run --model models/islington.tar.gz --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --quiet &
rasa_pid=$!
trap 'kill $rasa_pid $actions_pid 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
wait -n $rasa_pid $actions_pid
