# sihat — run `make help` for the list of commands.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
PYTEST_WORKERS ?= auto
# The second test run: the application clock ten years ahead, so that a test which compares a
# fixed calendar date with the real clock fails the day it is written (core/clock.py).
DATE_BOMB_DAYS ?= 3653

.PHONY: help install run test test-now lint format services browser java screens bench clean

help: ## List the commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# `make run` needs only sihat itself: the test tools (browser driver, linters) are left to
# `make install`, and a venv that already has them is used as it is. It installs with uv
# (fetched from PyPI into the venv), which downloads and unpacks in parallel: about a third
# of pip's time for sihat's dependencies; pip takes over if uv cannot be had.
$(RUN_STAMP): pyproject.toml
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then touch $@; else \
	  echo "installing sihat into $(VENV) (first run only, about a minute)"; \
	  $(PYTHON) -m venv $(VENV) && \
	  { { $(BIN)/pip install -q uv && $(BIN)/uv pip install -q --python $(BIN)/python -e .; } \
	    || $(BIN)/pip install -q --no-compile -e .; } && touch $@; fi

install: $(STAMP) ## Install sihat and its test tools into .venv

# The demo's passwords are hashed with argon2's quick profile (demo mode only), which makes
# seeding a few hundred accounts take seconds; `sihat serve` prints the URL and the logins
# once the server answers, and writes the request logs to var/log/sihat.log.
run: $(RUN_STAMP) ## Create the SQLite demo database (once), serve it, print the URL and logins
	@$(BIN)/sihat db upgrade
	@SIHAT_ARGON2_PROFILE=fast $(BIN)/sihat demo seed
	@$(BIN)/sihat serve

test: install services browser java ## Run every test on SQLite and PostgreSQL, then again 10 years ahead
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q
	@echo "== again with the clock $(DATE_BOMB_DAYS) days ahead (date bombs)"
	SIHAT_CLOCK_OFFSET_DAYS=$(DATE_BOMB_DAYS) $(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:cacheprovider

test-now: install services browser java ## Run every test once, on today's clock only (quicker)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

lint: install ## ruff (lint + format check), mypy, and the architecture's import contracts
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src tests
	$(BIN)/lint-imports --no-cache

format: install ## Format the code with ruff
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

services: ## Start (or install) PostgreSQL and Redis when they are not running
	scripts/ensure-services.sh

browser: ## Install Debian's chromium for the page tests when it is missing
	scripts/ensure-chromium.sh

java: ## Install Debian's Java 17 runtime for the Spark engine's tests when java is missing
	scripts/ensure-java.sh

screens: install browser ## Screenshots of the public app at 390 and 1280 px into docs/screens
	SIHAT_SCREENS_DIR=$(CURDIR)/docs/screens $(BIN)/pytest -q -n 1 tests/public/test_screens.py

bench: install services ## Run the benchmarks (figures on the last line of each, as JSON)
	scripts/ensure-wrk.sh
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
