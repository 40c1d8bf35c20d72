# Make targets for the editors' loop (docs/editors.md): see what residents asked that went unanswered, and teach it.
# Included from the Makefile, which defines $(BIN), $(VENV) and $(SPACY_PIPELINE). Nothing here runs by itself.

# Where the conversations are: a SQLite file, or a SQLAlchemy URL (postgresql://…) when the cluster's store is used.
REVIEW_DB ?= $(TRACKER_DB)
DB ?= $(REVIEW_DB)

.PHONY: review accept undo-accept refresh-facts stale-facts

review: $(VENV)/.installed  ## Editors' report: unanswered questions, votes, answers and stale facts, into var/review/
	$(BIN)/python -m facts.stale_report --out var/review/stale-facts.md
	$(BIN)/python -m review --db "$(DB)"

stale-facts: $(VENV)/.installed  ## The facts past their kind's limit, oldest first (also written by make review)
	$(BIN)/python -m facts.stale_report

# The NHS GP practice file, epraccur.csv; AS_AT is its date (default: the file's own), APPLY=yes skips the question.
APPLY ?= ask
refresh-facts: $(VENV)/.installed  ## Diff Islington's practices against an NHS file: make refresh-facts FILE=epraccur.csv [ADD=CODE,…]
	@test -n "$(FILE)" || { echo "Usage: make refresh-facts FILE=path/to/epraccur.csv [AS_AT=YYYY-MM-DD] [APPLY=yes] [ADD=CODE,…]"; exit 2; }
	$(BIN)/python -m facts.refresh "$(FILE)" --apply "$(APPLY)" --add "$(ADD)" $(if $(AS_AT),--as-at "$(AS_AT)")

accept: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json  ## Teach a review group: make accept CLUSTER=7 INTENT=ask_budget [PICK=1,3]
	$(BIN)/python -m review.accept --cluster "$(CLUSTER)" --intent "$(INTENT)" --pick "$(PICK)"

undo-accept: $(VENV)/.installed  ## Put back data/nlu.yml as it was before the last make accept
	$(BIN)/python -m review.accept --undo
