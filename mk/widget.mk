# Make targets for the website chat widget: build it, install the browser, run the browser tests.
# Included from the Makefile; `make run` depends on `widget`, `make test` on `test-widget-unit` and `test-browser`.

WIDGET_DIR := widget
WIDGET_DIST := $(WIDGET_DIR)/dist
WIDGET_SOURCES := $(WIDGET_DIR)/build.mjs $(wildcard $(WIDGET_DIR)/src/*) $(wildcard $(WIDGET_DIR)/demo/*)
WIDGET_MODULES := $(WIDGET_DIR)/node_modules/.package-lock.json
CHROMIUM := /usr/bin/chromium
BIN ?= .venv/bin
# apt-get needs root; use sudo only when not root already.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: widget chromium test-widget-unit test-browser

widget: $(WIDGET_DIST)/widget.js  ## Build the chat widget and demo page into widget/dist (skipped when up to date)

# npm ci installs exactly what package-lock.json pins; it rewrites this marker file.
$(WIDGET_MODULES): $(WIDGET_DIR)/package.json $(WIDGET_DIR)/package-lock.json
	cd $(WIDGET_DIR) && npm ci --no-audit --no-fund
	touch $@

$(WIDGET_DIST)/widget.js: $(WIDGET_MODULES) $(WIDGET_SOURCES)
	cd $(WIDGET_DIR) && node build.mjs

chromium:  ## Install Debian's Chromium for the browser tests if it is missing
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# The pure modules import nothing from node_modules, so this needs neither npm ci nor a browser nor a server.
test-widget-unit:  ## Node's test runner over the widget's pure functions (widget/test): store, links, lists, counter, replies
	cd $(WIDGET_DIR) && node --test test/

# $(MODEL) comes from the main Makefile: the tests start the real bot from it.
test-browser: chromium widget $(MODEL)  ## Browser tests: Playwright drives Chromium against the real bot
	$(BIN)/python -m pytest tests/browser
