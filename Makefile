# Developer and CI entry points. Needs only python3 (>= 3.11), make and Node.js (npm).
#
#   make test       set up .venv (and Debian's redis-server for the Celery tests), then:
#                   codegen check, spec lint, ruff, mypy, the documentation site, pytest
#   make demo       set up .venv, then run examples/demo.py
#   make codegen    regenerate everything derived from openapi/sectra.yaml
#   make lint       spec lint, ruff check, ruff format --check
#   make typecheck  mypy --strict on the hand-written and the generated code
#   make docs       the documentation site (MkDocs, strict: a broken link or reference fails):
#                   build/site/index.html; includes the rendered spec reference and the spec
#   make docs-serve serve the site at http://127.0.0.1:8000, rebuilt on every change
#                   (mkdocs serve; run make spec-reference again after editing the spec)
#   make clean      remove caches and build output (keeps .venv; rm -rf .venv to start over)
# Spec products and other-language clients (Node.js tools pinned by package-lock.json files;
# make test also runs ts-clients, spec-html, spec-json and spec-diff):
#   make ts-clients     generate TypeScript types and a fetch client from the spec; tsc --strict
#   make spec-html      the rendered reference (paths and webhooks): build/spec/index.html
#   make spec-json      the spec as one JSON document: build/spec/sectra.json
#   make spec-diff [BASE=<git ref>]  what changed in the spec since BASE (default: last v* tag)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test
# The steps of `make test` must run in the order given, one at a time.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS := mock,cli,images,celery,doctor,recording,docs,dev
# Written after a successful install; older than pyproject.toml means install again.
INSTALLED := $(VENV)/.installed-extras

# Every tool below, and codegen.sh, runs from .venv whatever environment is active.
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(VIRTUAL_ENV)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

# Hand-written code that must pass mypy --strict, each directory checked when present.
TYPED_DIRS := src/sectra_client tests benchmarks examples scripts/docs

.PHONY: test demo setup redis-server codegen codegen-check lint lint-spec ruff typecheck \
	typecheck-generated pytest clean docs docs-serve

test: setup codegen-check lint typecheck ts-clients spec-reference spec-diff docs pytest

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

lint-spec: setup node-tools
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

# Material's banner about MkDocs 2 on every build, silenced.
export NO_MKDOCS_2_WARNING := 1

# mkdocs.yml's hooks (scripts/docs/) put build/spec/ (spec-reference) into the site.
docs: setup spec-reference
	@echo "==> documentation site (mkdocs build --strict): build/site/index.html"
	mkdocs build --strict

docs-serve: setup spec-reference
	mkdocs serve --strict

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist demo-output
	rm -rf clients/typescript/build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -prune -exec rm -rf {} +

# --- Spec products and other-language clients ------------------------------------------------
# Node.js tools live in two npm packages, each pinned by its committed package-lock.json and
# installed with `npm ci` (no install scripts: none of these tools needs one):
#   tools/               Redocly (spec lint, rendered reference) and Optic (spec diff)
#   clients/typescript/  openapi-typescript, @hey-api/openapi-ts and TypeScript
# node_modules/.installed is written after a successful install; older than the lockfile means
# install again.

NPM_CI := npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
NODE_TOOLS := tools/node_modules/.installed
TS_TOOLS := clients/typescript/node_modules/.installed
SPEC_BUILD := build/spec
# The git ref `make spec-diff` compares against; empty: the last v* tag, else the first commit.
BASE ?=

.PHONY: node-tools ts-clients spec-reference spec-html spec-json spec-diff

node-tools: $(NODE_TOOLS)

$(NODE_TOOLS): tools/package.json tools/package-lock.json
	@echo "==> npm ci (tools: Redocly, Optic)"
	cd tools && $(NPM_CI)
	@touch $@

$(TS_TOOLS): clients/typescript/package.json clients/typescript/package-lock.json
	@echo "==> npm ci (clients/typescript: openapi-typescript, @hey-api/openapi-ts, TypeScript)"
	cd clients/typescript && $(NPM_CI)
	@touch $@

ts-clients: $(TS_TOOLS)
	@echo "==> TypeScript clients from the spec, compiled with tsc --strict"
	scripts/check-ts-clients.sh

spec-reference: spec-html spec-json

spec-html: node-tools
	@echo "==> rendered spec reference: $(SPEC_BUILD)/index.html"
	scripts/redocly.sh build-docs openapi/sectra.yaml --inlineBundle \
		--title "Sectra IA-API reference" --output $(SPEC_BUILD)/index.html

spec-json: setup
	@echo "==> the spec as one JSON document: $(SPEC_BUILD)/sectra.json"
	@mkdir -p $(SPEC_BUILD)
	sectra spec --format json --output $(SPEC_BUILD)/sectra.json

spec-diff: node-tools
	scripts/spec-diff.sh $(BASE)
