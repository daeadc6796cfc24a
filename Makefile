# Two commands for a fresh clone:
#   make demo   build every sample into PDFs under out/
#   make test   run the test suite
# Each creates .venv and installs what it needs (the project itself, not editable).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES := $(wildcard samples/*/agreements.toml)

.PHONY: demo test install lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[test]"

demo: install
	@for config in $(SAMPLES); do \
		$(BIN)/agreements build $$(dirname $$config) -o out || exit 1; \
	done

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	$(BIN)/ruff check agreements tests bench tools
	$(BIN)/ruff format --check agreements tests bench tools
	$(BIN)/mypy agreements

clean:
	rm -rf out build dist *.egg-info
