# nenkin-assistant — `make run` and `make test` each set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
MODEL_DIR := models/multilingual-e5-small
STAMP     := $(VENV)/.installed

# No model hub: everything runs offline unless the caller says otherwise.
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

# Python 3.10 (Rasa 3.6 supports ≤ 3.10): PYTHON=… wins, then a working python3.10 on PATH
# (a pyenv shim may exist but refuse to run), then the newest 3.10 under pyenv's versions folder.
IS_PY310 := -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.10 $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.10*/bin/python3.10 2>/dev/null | sort -rV); do \
            "$$p" $(IS_PY310) >/dev/null 2>&1 && { command -v "$$p"; break; }; done)
endif

.PHONY: help venv model index train validate run test lint browser bench lock clean nlu-report

help:
	@echo "make run       set up (venv, model, index) and start the assistant"
	@echo "make test      set up and run the whole test suite (ruff + pytest)"
	@echo "make venv | model | index | validate | lint | browser | bench | lock | clean"

venv: $(STAMP)

$(STAMP): requirements.lock
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" $(IS_PY310) 2>/dev/null; then \
	  echo "error: Python 3.10 is required (Rasa 3.6.21 supports Python ≤ 3.10) but was not found." >&2; \
	  echo "       Install it (e.g. 'pyenv install 3.10'), put python3.10 on PATH, or run: make PYTHON=/path/to/python3.10 …" >&2; \
	  exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) $(IS_PY310) 2>/dev/null; then \
	  echo "removing $(VENV): it is not a Python 3.10 environment"; rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "creating $(VENV) with $(PYTHON)"; "$(PYTHON)" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0"
	@echo "installing pinned packages (first time: a few minutes, ~8 GB)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

model: $(MODEL_DIR)/modules.json

$(MODEL_DIR)/modules.json: $(STAMP) knowledge/model/convert.py knowledge/model/e5_format.py knowledge/model/charsmap.py
	$(PY) -m knowledge convert-model --out $(MODEL_DIR)

index: model
	$(PY) -m knowledge build

# Regenerates the FAQ intents from knowledge/faq and retrains only when an input changed.
train: $(STAMP)
	PYTHONPATH=. $(PY) -m bot.train

validate: model
	$(PY) -m knowledge validate

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The browser tests drive Debian's chromium (never `playwright install`); their screenshots need fonts
# for Japanese/Chinese/Korean (fonts-noto-cjk) and Nepali/Thai (fonts-noto-core: Noto Sans Devanagari
# and Thai). Quiet when all are there; as root, installs what is missing with apt-get (running
# `apt-get update` first only if the install fails); otherwise says in one line what to run.
# `make browser BROWSER_DRY_RUN=1` only prints what it would do.
CHROMIUM ?= /usr/bin/chromium
BROWSER_DRY_RUN ?=

browser:
	@has_font() { command -v fc-list >/dev/null && [ -n "$$(fc-list ":lang=$$1" family)" ]; }; \
	missing() { \
	  [ -x "$(CHROMIUM)" ] || echo chromium; \
	  command -v fc-list >/dev/null || echo fontconfig; \
	  has_font ja || echo fonts-noto-cjk; \
	  { has_font ne && has_font th; } || echo fonts-noto-core; }; \
	packages=$$(missing | tr '\n' ' '); packages=$${packages% }; \
	[ -z "$$packages" ] && exit 0; \
	if ! command -v apt-get >/dev/null; then \
	  echo "error: the browser tests need Debian's chromium and Noto fonts (CJK, Devanagari, Thai): install $$packages with your package manager" >&2; exit 1; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "error: the browser tests need $$packages: run \`sudo apt-get install $$packages\` once, then make test again" >&2; exit 1; fi; \
	apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$packages); \
	if [ -n "$(BROWSER_DRY_RUN)" ]; then echo "would run: $${apt[*]} (and, if that fails, apt-get update -qq and the install again)"; exit 0; fi; \
	echo "installing $$packages for the browser tests (apt-get)"; \
	"$${apt[@]}" >/dev/null 2>&1 || { apt-get update -qq && "$${apt[@]}" >/dev/null; } || { \
	  echo "error: apt-get could not install $$packages; install them by hand (apt-get install $$packages)" >&2; exit 1; }; \
	left=$$(missing | tr '\n' ' '); \
	[ -z "$$left" ] || { echo "error: still missing after apt-get: $$left" >&2; exit 1; }

test: lint browser index train
	PYTHONPATH=. $(PY) -m rasa data validate --domain bot/domain.yml --data bot/data --config config.yml --fail-on-warnings
	PYTHONPATH=. $(PY) -m rasa test core --model models/rasa/nenkin.tar.gz --stories bot/tests/test_stories.yml \
	  --fail-on-prediction-errors --out var/rasa-test-results
	$(PY) -m pytest

run: index train
	PYTHONPATH=. $(PY) -m api.serve

# NLU intent cross-validation (slow: trains once per fold); results go into docs/quality.md by hand.
nlu-report: train
	PYTHONPATH=. $(PY) -m rasa test nlu --config config.yml --nlu bot/data/nlu --cross-validation --folds 3 \
	  --out var/nlu-report

bench: index
	$(PY) bench/retrieval.py

# Re-resolve requirements.in in a throw-away venv, in ONE pip call, and pin the result.
lock:
	rm -rf .venv-lock && "$(PYTHON)" -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade "pip==24.0"
	.venv-lock/bin/python -m pip install --quiet -r requirements.in
	{ echo "# Generated by \`make lock\` from requirements.in on Python 3.10 (Linux x86_64). Do not edit by hand."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf var .pytest_cache .ruff_cache
