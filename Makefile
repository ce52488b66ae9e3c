# The two commands of the README:
#   make run    install the project into .venv and run `kedro run` on the bundled demo data
#   make test   install the project with its test extras into .venv, lint, and run the tests
#   make test-fast   the same install, and only the fast tests (`pytest -m "not slow"`)
# and, for production:
#   make dags   install the `airflow` extra and write the Airflow DAGs into dags/ (one per
#               pipeline with a task per node, and stage-level ones with a task per stage)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export KEDRO_DISABLE_TELEMETRY := 1
# TensorFlow's start-up notices are filtered by the project itself (seq_pipeline/training/tf_logging.py),
# which keeps its C++ warnings; SEQ_PIPELINE_TF_LOG=1 shows everything.

# Extras `make test` installs; CI adds `airflow` so the DAG tests run there.
TEST_EXTRAS ?= test,ts,viz,cluster
# `make dags`: where the DAG files go, and the Kedro environment they default to (a worker's
# KEDRO_ENV overrides it at run time).
DAGS_DIR ?= dags
KEDRO_ENV ?= local

.PHONY: run test test-fast lint viz viz-screenshot benchmark dags clean-venv

run: $(VENV)/.installed
	$(BIN)/kedro run $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(ARGS)

# The tests that train no model and start no Kedro session: every verdict rule, interval
# level and leakage guarantee, in a few minutes.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests benchmarks scripts

# Plain `kedro viz run`: a session given no run id reads the newest complete run, so the
# previews show its artifacts (framework/latest_run.py).
viz: $(VENV)/.installed-test
	$(BIN)/kedro viz run

# Refresh docs/images/pipeline.png (the README's graph) in headless Chromium.
viz-screenshot: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshot_viz.py

benchmark: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_benchmark.py

# The DAGs carry this checkout's absolute path as the default project location, so they are
# generated per machine (dags/ is gitignored); a worker's SEQ_PIPELINE_PROJECT_PATH overrides it.
# The generator removes old seq_pipeline*_dag.py files first, so a removed pipeline or another
# environment leaves no stale DAG behind (seq_pipeline/orchestration/dags.py).
dags: $(VENV)/.installed-airflow
	$(BIN)/python -m seq_pipeline.orchestration.dags --env $(KEDRO_ENV) --target-dir $(DAGS_DIR) \
		--project-path $(CURDIR)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[$(TEST_EXTRAS)]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-airflow: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[airflow]"
	touch $@ $(VENV)/.installed

clean-venv:
	rm -rf $(VENV)
