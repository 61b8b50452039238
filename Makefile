# The README's commands. Every target first makes sure .venv exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench template example pictures app clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m compileall -q edi_workbook  # an editable install is not compiled
	touch $(STAMP)

demo: install
	$(BIN)/edi-workbook demo --out demo-output

test: install
	$(BIN)/pytest -q

# ruff: style; lint-imports: the architecture (.importlinter); vulture: dead code.
lint: install
	$(BIN)/ruff check edi_workbook tests benchmarks scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture edi_workbook vulture_allow.py --min-confidence 60

bench: install
	$(BIN)/python benchmarks/bench.py

template: install
	$(BIN)/python -c "from edi_workbook.workbooks.plan_writer import write_template; write_template()"

example: install
	$(BIN)/python -m edi_workbook.workflow.example

pictures: install
	$(BIN)/python scripts/make_pictures.py

# The browser page: build/app, from npm and PyPI (pinned in app/lock.json); then
# `edi-workbook app` serves it. Downloads are kept in build/cache.
app: install
	$(BIN)/python scripts/build_app.py

clean:
	rm -rf $(VENV) demo-output build *.egg-info
