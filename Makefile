# The two commands of the README:
#   make run    install the project into .venv and run `kedro run` on the bundled demo data
#   make test   install the project with its test extras into .venv, lint, and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export KEDRO_DISABLE_TELEMETRY := 1
# TensorFlow's start-up notices are filtered by the project itself (seq_pipeline/tf_logging.py),
# which keeps its C++ warnings; SEQ_PIPELINE_TF_LOG=1 shows everything.

.PHONY: run test lint viz benchmark clean-venv

run: $(VENV)/.installed
	$(BIN)/kedro run $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

viz: $(VENV)/.installed-test
	$(BIN)/kedro viz run

benchmark: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_benchmark.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,ts,viz]"
	touch $@ $(VENV)/.installed

clean-venv:
	rm -rf $(VENV)
