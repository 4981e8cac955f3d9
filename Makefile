# One command each: `make run` sets up and starts the assistant, `make test` sets up
# and runs every test. Both install what is missing and train when the model is stale.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MODEL := models/assistant.tar.gz
GENERATED_NLU := data/nlu_directory.yml
TRAINING_INPUTS := config.yml domain.yml $(filter-out $(GENERATED_NLU),$(wildcard data/*.yml)) $(GENERATED_NLU)

export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

.PHONY: run shell test check train generate setup clean

run: $(MODEL) web-deps widget-text
	@$(PY) -m launcher run

shell: $(MODEL)
	@$(PY) -m launcher shell

test: $(MODEL) web-deps test-deps
	$(PY) -m pytest

# The fast tier (README, "Tests"): ruff's lint and format check (tests/unit/test_lint.py)
# and every test that needs no trained model and no server. `make test` runs it too.
check: | $(INSTALLED)
	$(PY) -m pytest -m "not (e2e or browser or model or slow)" -q

train: $(MODEL)

generate: $(GENERATED_NLU) widget-text

# The chat widget's words, from domain.yml (web/widget_text.py; rewrites only when stale).
.PHONY: widget-text
widget-text: | $(INSTALLED)
	@$(PY) -m web.widget_text

setup: $(INSTALLED)

$(INSTALLED): requirements.lock scripts/setup.sh
	@bash scripts/setup.sh

$(GENERATED_NLU): directory/phone-numbers.yml assistant/directory.py assistant/directory_nlu.py | $(INSTALLED)
	@$(PY) -m assistant.directory_nlu

$(MODEL): $(TRAINING_INPUTS) | $(INSTALLED)
	@bash scripts/train.sh

.PHONY: web-deps test-deps
web-deps: | $(INSTALLED)
	@if [ -f web/package.json ]; then bash scripts/install-web.sh; fi

test-deps: | $(INSTALLED)
	@if [ -f scripts/install-chromium.sh ]; then bash scripts/install-chromium.sh; fi

# Delete conversations older than DAYS days from the tracker store (README: hardening section).
# Production mode: make prune-conversations ENDPOINTS=endpoints.prod.yml (DB_* set).
DAYS ?= 30
ENDPOINTS ?= endpoints.yml
.PHONY: prune-conversations
prune-conversations: | $(INSTALLED)
	@PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1 $(PY) -m launcher.retention --days $(DAYS) --endpoints $(ENDPOINTS)

# The staff report (README: "Staff report"): reports/report-*.html and the unanswered
# messages as training data, reports/unanswered-<date>.yml. DAYS=30 by default, or
# SINCE=2026-11-01 UNTIL=2026-11-30 (days included); ENDPOINTS as for prune-conversations.
SINCE ?=
UNTIL ?=
.PHONY: report
report: | $(INSTALLED)
	@PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=3 $(PY) -m reporting --days $(DAYS) --since "$(SINCE)" --until "$(UNTIL)" --endpoints $(ENDPOINTS)

# The README's widget pictures (docs/widget-*.png), taken again on purpose: the browser
# test writes them to results/screenshots/, this copies them over the tracked ones.
.PHONY: screenshots
screenshots: $(MODEL) web-deps test-deps
	$(PY) -m pytest tests/browser/test_widget_browser.py -k screenshots -q
	cp results/screenshots/widget-desktop.png results/screenshots/widget-phone.png docs/

clean:
	rm -rf models .run results .pytest_cache

# Production mode (README.md (production section)): PostgreSQL + Redis + 2 Rasa servers (RASA_INSTANCES)
# + the action server behind nginx, on loopback; installs the Debian packages if missing.
.PHONY: run-prod bench
run-prod: $(MODEL) web-deps
	@bash scripts/prod/install.sh
	@$(PY) -m launcher run-prod

# Benchmark against the stock `rasa init` assistant: prints the table, writes bench/results.md.
bench: $(MODEL) | $(INSTALLED)
	@bash scripts/prod/install.sh
	@$(PY) -m bench
