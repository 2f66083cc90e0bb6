# presswash: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
INPUT  ?= seeds
OUTPUT ?= output

.PHONY: run test lint install install-dev bytecode eval bench bench-language bench-noop clean

# Stamps record that the environment matches pyproject.toml; editing it reinstalls.
$(VENV)/.stamp-venv:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	touch $@

$(VENV)/.stamp-install: pyproject.toml $(VENV)/.stamp-venv
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml $(VENV)/.stamp-install
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# The project's own modules compiled ahead: where PYTHONDONTWRITEBYTECODE is set (many
# container images), every presswash process would otherwise compile them from source
# at start-up (~60 ms of a 0.25 s no-op run). Only changed sources are compiled again.
bytecode: $(VENV)/.stamp-install
	$(PY) -m compileall -q presswash flows cleaners schemas > /dev/null

install: $(VENV)/.stamp-install bytecode
install-dev: $(VENV)/.stamp-dev bytecode

run: install
	$(VENV)/bin/presswash run $(INPUT) --output $(OUTPUT)

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Cleaning quality on the report part of ../shared/corpus/trafilatura-eval (eval/split.json).
EVAL_PART ?= report
EVAL_WORKERS ?= 2
# Both HTML modes side by side: the default (fast) and the three-pass precise one.
EVAL_HTML_MODES ?= fast,precise
$(VENV)/.stamp-eval: pyproject.toml $(VENV)/.stamp-install
	$(PIP) install --quiet -e '.[eval]'
	touch $@

eval: $(VENV)/.stamp-eval
	$(PY) -m eval.run --part $(EVAL_PART) --workers $(EVAL_WORKERS) --html-modes $(EVAL_HTML_MODES)

# Throughput and memory of the real CLI against bare baselines (a benchmark, not a test;
# the full run takes a while). Corpora are generated into bench/out/ and reused.
BENCH_SIZES ?= 1000,10000,100000
BENCH_HTML_SIZES ?= 1000
bench: install-dev
	$(PY) -m bench.run --sizes $(BENCH_SIZES) --html-sizes $(BENCH_HTML_SIZES)
	-$(PY) -m bench.noop_rerun --files $(NOOP_FILES)

# No-op re-run: ingest NOOP_FILES files, run again over them unchanged; prints the
# second run's time as a ratio of the first (target: at most 5%).
NOOP_FILES ?= 10000
bench-noop: install-dev
	$(PY) -m bench.noop_rerun --files $(NOOP_FILES)

# Language-ID backends: accuracy on the development corpus, speed on the seeds.
bench-language: $(VENV)/.stamp-dev
	$(PY) -m bench.language_accuracy

clean:
	rm -rf $(VENV) $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache
