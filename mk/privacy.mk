# Make targets for privacy and abuse (issue 8): `make fuzz`, and one conversation's export or erasure.
# Included from the Makefile, which defines train, $(MODEL) and $(BIN).

.PHONY: fuzz export erase

fuzz: $(MODEL)  ## 10,000 generated messages and 2,000 malformed bodies over REST: no 5xx, answers within 1 s (~5 min)
	RUN_FUZZ=1 $(BIN)/python -m pytest -q -s tests/fuzz

# SENDER is read by the shell from the environment (make exports command-line variables), never pasted into
# the command, so an odd sender ID can't become shell syntax.
export: $(VENV)/.installed  ## Print one conversation as JSON lines, for a subject access request: make export SENDER=id
	@test -n "$$SENDER" || { echo "Usage: make export SENDER=<conversation id>"; exit 2; }
	@$(BIN)/python -m ops.subject_requests export "$$SENDER" --db "$(TRACKER_DB)"

erase: $(VENV)/.installed  ## Delete one conversation, for an erasure request: make erase SENDER=id
	@test -n "$$SENDER" || { echo "Usage: make erase SENDER=<conversation id>"; exit 2; }
	$(BIN)/python -m ops.subject_requests erase "$$SENDER" --db "$(TRACKER_DB)"
