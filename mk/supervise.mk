# Make targets for the supervised processes of `make run` (ops/launch.py, supervisord).
# Included from the Makefile; `make test` depends on test-supervise.

.PHONY: status logs test-supervise

status:  ## What supervisord says about each process of a running `make run`
	@$(BIN)/python -m ops.launch status

logs:  ## Follow the logs of a running `make run` (all of them are in var/log/)
	tail -n 20 -F $${RUN_DIR:-var}/log/*.log

# Runs `make run` on its own ports (ops/settings.py SUPERVISION_PORTS) and run directory, kills its servers
# and stops it with Ctrl-C.
test-supervise: train widget  ## Crash tests: kill -9 each server of `make run`, check it recovers; Ctrl-C stops all
	RUN_SUPERVISION_TESTS=1 $(BIN)/python -m pytest -q -s tests/supervision
