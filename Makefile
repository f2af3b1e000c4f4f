# Developer and CI entry points. Needs only python3 (>= 3.11), make and Node.js (npx).
#
#   make test       set up .venv (and Debian's redis-server for the Celery tests), then:
#                   codegen check, spec lint, ruff, mypy, pytest
#   make demo       set up .venv, then run examples/demo.py
#   make codegen    regenerate everything derived from openapi/sectra.yaml
#   make lint       spec lint, ruff check, ruff format --check
#   make typecheck  mypy --strict on the hand-written and the generated code
#   make clean      remove caches and build output (keeps .venv; rm -rf .venv to start over)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test
# The steps of `make test` must run in the order given, one at a time.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS := mock,cli,images,celery,dev
# Written after a successful install; older than pyproject.toml means install again.
INSTALLED := $(VENV)/.installed-extras

# Every tool below, and codegen.sh, runs from .venv whatever environment is active.
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(VIRTUAL_ENV)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

# Hand-written code that must pass mypy --strict, each directory checked when present.
TYPED_DIRS := src/sectra_client tests benchmarks examples

.PHONY: test demo setup redis-server codegen codegen-check lint lint-spec ruff typecheck \
	typecheck-generated pytest clean

test: setup codegen-check lint typecheck pytest

setup: $(INSTALLED)

$(BIN)/python:
	@echo "==> creating $(VENV) with $$(command -v $(PYTHON)) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	@echo "==> installing sectra-client (editable) with extras [$(EXTRAS)] into $(VENV)"
	$(BIN)/python -m pip install -qq --editable '.[$(EXTRAS)]'
	@touch $@

codegen: setup
	./codegen.sh

codegen-check: setup
	@echo "==> codegen.sh --check"
	./codegen.sh --check

lint: lint-spec ruff

lint-spec: setup
	@echo "==> spec lint (openapi-spec-validator, redocly)"
	scripts/lint-spec.sh

ruff: setup
	@echo "==> ruff check"
	ruff check .
	@echo "==> ruff format --check"
	ruff format --check .

typecheck: setup
	@for dir in $(TYPED_DIRS); do \
		if [[ -d $$dir ]]; then \
			echo "==> mypy --strict $$dir"; \
			mypy --strict $$dir; \
		fi; \
	done
	@echo "==> mypy --strict generated/sectra_api"
	mypy --strict generated/sectra_api

# The Celery tests start a real redis-server (Debian's package). Installed here when missing and
# the machine allows it (root with apt-get); otherwise the tests say what is missing, and fail
# rather than skip when CI is set.
redis-server:
	@if ! command -v redis-server >/dev/null; then \
		if [[ $$(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then \
			echo "==> installing redis-server (apt-get)"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq </dev/null; \
			apt-get install -y -qq --no-install-recommends redis-server </dev/null >/dev/null; \
		else \
			echo "make: redis-server is missing; install it (e.g. apt-get install redis-server)" \
				"to run the Celery tests" >&2; \
		fi; \
	fi

pytest: setup redis-server
	@echo "==> pytest"
	@status=0; pytest || status=$$?; \
	if [[ $$status -eq 5 ]]; then echo "make: pytest collected no tests" >&2; fi; \
	exit $$status

demo: setup
	python examples/demo.py

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist demo-output
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -prune -exec rm -rf {} +
