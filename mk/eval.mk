# Make targets for measuring the assistant: `make eval` (quality) and `make bench` (speed and size).
# Included from the Makefile, which defines train, $(MODEL) and $(BIN). Neither target is part of make test.

.PHONY: eval bench bench-encoder bench-growth redis

eval: $(MODEL)  ## Quality report: held-out and out-of-scope sets over REST, beside Rasa's default config (about 30 min on 2 cores)
	$(BIN)/python -m measure.quality.quality_report --model $(MODEL)

bench: $(MODEL) redis  ## Speed report: latency, throughput, training, cold start, memory, beside the rasa init bot (~10 min)
	$(BIN)/python -m measure.speed --model $(MODEL)

bench-encoder: $(ENCODER)  ## The sentence model's ms per message by threads, int8 weights and cache; training-set encoding (~2 min)
	$(BIN)/python -m measure.speed.encoder

redis:  ## Install Debian's redis-server if missing (the lock store for `make run WORKERS=2` and the bench)
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; }

bench-growth: $(MODEL)  ## Per-turn cost as a conversation grows: turn 300 beside turn 1, as make run has it (~2 min)
	$(BIN)/python -m measure.speed.growth
