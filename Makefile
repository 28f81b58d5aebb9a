# One command each: `make run` (web chat), `make test` (lint + tests). Each creates .venv on first use.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench ingest eval clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python app.py

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/python -m pytest -q

ingest: $(STAMP)
	$(BIN)/python app.py ingest

eval: $(STAMP)
	$(BIN)/python app.py eval --llm none

bench: $(STAMP)
	$(BIN)/python -m eval.bench

clean:
	rm -rf $(VENV) var
