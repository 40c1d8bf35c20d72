# Make targets for trustworthy answers (issue 12): the held-out trust gate, its baseline, and the generated data.
# Included from the Makefile, which defines $(MODEL) and $(BIN). test-trust is part of make test.

.PHONY: test-trust trust-report trust-baseline trust-data classifier-choice test-safety risk-choice test-understanding

test: test-trust test-safety test-understanding

test-trust: $(MODEL)  ## Trust gate on held-out data: 999 recall, no false alarms, refusals, accuracy vs Rasa's default
	$(BIN)/python -m measure.quality.trust --model $(MODEL)

test-safety: $(MODEL)  ## Safety gate on blind sets written outside the project: 999 recall per tier, false alarms (issue 20)
	$(BIN)/python -m measure.quality.safety_blind --model $(MODEL)

test-understanding: $(MODEL)  ## Understanding gate on blind sets of residents' questions, over REST: each thing asked answered (issue 21)
	$(BIN)/python -m measure.quality.understanding_blind --model $(MODEL)

risk-choice: $(VENV)/.installed  ## Choose the risk assessor's settings by CV on its training data (about 5 min)
	$(BIN)/python -m measure.quality.risk_choice

trust-baseline: $(VENV)/.installed  ## Measure Rasa's default config on the same data for the error ratio (7-40 min); commit its JSON
	$(BIN)/python -m measure.quality.trust --baseline-only

classifier-choice: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json $(ENCODER)  ## Choose the classifier's settings and thresholds by CV on data/ and CLINC150's validation split (about 10 min)
	$(BIN)/python -m measure.quality.classifier_choice

trust-data: $(VENV)/.installed  ## Regenerate data/out_of_scope_clinc150.yml and data/safety_context.yml
	$(BIN)/python -m nlu.builders.out_of_scope_data
	$(BIN)/python -m nlu.builders.safety_context_data

eval: trust-report

trust-report: $(MODEL)
	$(BIN)/python -m measure.quality.trust --model $(MODEL) --report
