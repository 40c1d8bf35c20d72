# Make targets for the service-grade mode (issue 9): PostgreSQL, Redis, N Rasa servers and HAProxy under supervisord.
# Included from the Makefile. See docs/deployment.md.

CLUSTER_PROGRAMS := /usr/lib/postgresql/15/bin/postgres /usr/bin/redis-server /usr/sbin/haproxy
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: cluster-packages run-cluster clean-cluster test-cluster bench-cluster

cluster-packages:  ## Install Debian's postgresql, redis-server and haproxy if any is missing
	@for program in $(CLUSTER_PROGRAMS); do test -x $$program || missing=1; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server haproxy; fi

run-cluster: train widget cluster-packages  ## PostgreSQL, Redis, INSTANCES=2 Rasa servers and HAProxy on :5005; Ctrl-C stops all
	$(BIN)/python -m ops.launch cluster

# Not part of make clean, which keeps conversations.
clean-cluster:  ## Delete make run-cluster's conversations (PostgreSQL's data, outside var/), configs and logs
	$(BIN)/python -m ops.launch clean-cluster

# About 10 minutes; not part of make test (docs/operations.md says why). make test runs the continuity test in tests/journeys/.
test-cluster: train widget cluster-packages  ## Shared state, 200 concurrent conversations, load and faults on a cluster
	CLUSTER_TESTS=1 $(BIN)/python -m pytest -q -s tests/cluster

bench-cluster: train cluster-packages  ## Throughput at 20 concurrent 20-turn conversations: rasa init, ours, our cluster
	$(BIN)/python -m measure.speed.cluster_bench
