# Make targets for the editors' loop (docs/editors.md): see what residents asked that went unanswered, and teach it.
# Included from the Makefile, which defines $(BIN), $(VENV) and $(SPACY_PIPELINE). Nothing here runs by itself.

# Where the conversations are: a SQLite file, or a SQLAlchemy URL (postgresql://…) when the cluster's store is used.
REVIEW_DB ?= $(TRACKER_DB)
DB ?= $(REVIEW_DB)

.PHONY: review accept undo-accept

review: $(VENV)/.installed  ## Editors' report of unanswered questions, votes and answers, into var/review/ (private)
	$(BIN)/python -m review --db "$(DB)"

accept: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json  ## Teach a review group: make accept CLUSTER=7 INTENT=ask_budget [PICK=1,3]
	$(BIN)/python -m review.accept --cluster "$(CLUSTER)" --intent "$(INTENT)" --pick "$(PICK)"

undo-accept: $(VENV)/.installed  ## Put back data/nlu.yml as it was before the last make accept
	$(BIN)/python -m review.accept --undo
