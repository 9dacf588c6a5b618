# sihat — run `make help` for the list of commands.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= auto

.PHONY: help install run test test-fast lint format services browser bench clean

help: ## List the commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Install sihat and its test tools into .venv

run: install ## Create the SQLite demo database (once), serve it, print the URL and logins
	$(BIN)/sihat db upgrade
	$(BIN)/sihat demo seed
	$(BIN)/sihat demo logins
	$(BIN)/sihat serve

test: install services browser ## Run every test, on SQLite and on PostgreSQL, in parallel
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

lint: install ## ruff (lint + format check) and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

format: install ## Format the code with ruff
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

services: ## Start (or install) PostgreSQL and Redis when they are not running
	scripts/ensure-services.sh

browser: ## Install Debian's chromium for the page tests when it is missing
	scripts/ensure-chromium.sh

bench: install services ## Run the benchmarks (figures on the last line of each, as JSON)
	scripts/ensure-wrk.sh
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
