# case-audit: every target has a `## ` line; `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KERNEL := case-audit
MONTH ?= 2019-06
# `make lab PORT=8890 LAB_ARGS=--no-browser`: JupyterLab's port and any extra options.
PORT ?= 8888
LAB_ARGS ?=
# JupyterLab refuses to start as root (as in many containers) unless told it may.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
DEMO_DIR := data/demo
NOTEBOOKS := compliance scores judgements themes visits report

.DEFAULT_GOAL := help
.PHONY: help setup demo demo-data test test-fast test-cluster lint format notebooks-check sync-notebooks lab bench eval-themes eval-redaction clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/\$$(MONTH)/$(MONTH)/g' \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "case-audit needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (case-audit)" >/dev/null
	@if [ -f package-lock.json ] && command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	@touch $@

setup: $(VENV)/.installed ## Create .venv, install the suite with its dev extras, register the Jupyter kernel

# moderation.csv is the last file the demo writes: a folder without it is from an older demo.
$(DEMO_DIR)/moderation.csv: $(VENV)/.installed
	$(BIN)/case-audit demo-data --out $(DEMO_DIR)

demo-data: $(DEMO_DIR)/moderation.csv ## Write the synthetic demo extracts to data/demo/

demo: demo-data ## Set up and produce a full month's pack from the demo data in outputs/$(MONTH)/
	$(BIN)/case-audit run --month $(MONTH)

test: setup lint notebooks-check ## Set up and run the whole test suite (about 6 minutes on an idle 2-core machine)
	$(BIN)/pytest

test-fast: setup ## The quick loop: every test but the notebook runs, the browser and Dask (under a minute)
	$(BIN)/pytest -m "not e2e and not browser and not cluster"

test-cluster: setup ## Only the Dask LocalCluster tests (also part of make test)
	$(BIN)/pytest -m cluster

lint: setup ## Ruff lint and format check of src, tests and notebooks
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests notebooks

format: setup ## Ruff format and fix src, tests and notebooks
	$(BIN)/ruff check --fix src tests notebooks
	$(BIN)/ruff format src tests notebooks

notebooks-check: setup ## Fail if a committed notebook has outputs or differs from its paired .py
	$(BIN)/python -m helpers.tools.notebook_hygiene check notebooks

sync-notebooks: setup ## Rebuild each notebook from its paired py:percent script, without outputs
	$(BIN)/python -m helpers.tools.notebook_hygiene sync notebooks

lab: demo-data ## JupyterLab on notebooks/ with the case-audit kernel (PORT=8888, LAB_ARGS=--no-browser)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) \
		--MappingKernelManager.default_kernel_name=$(KERNEL) \
		--LabApp.app_settings_dir=$(CURDIR)/jupyter $(ROOT_ARGS) $(LAB_ARGS)

bench: demo-data ## Print run times: runner vs plain papermill+nbconvert, and a large extract
	$(BIN)/python -m helpers.tools.bench

eval-themes: setup ## Precision and recall of the themes coder on every labelled set, tuned and blind
	$(BIN)/python -m helpers.tools.theme_eval

eval-redaction: setup ## Print identifiers leaked and ordinary words lost by redaction on the corpus
	$(BIN)/python -m helpers.tools.redaction_eval

clean: ## Remove outputs and demo data (keeps .venv)
	rm -rf outputs/20* outputs/.*partial* outputs/.cache-* outputs/index.html $(DEMO_DIR)
