# fazhi — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
FAZHI := $(VENV)/bin/fazhi
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# One test worker per core (pytest-xdist), each file on one worker so that its
# module fixtures are built once; `make test PARALLEL=` runs in one process.
PARALLEL ?= -n auto --dist loadfile

.PHONY: install demo test test-sqlite test-postgres lint serve worker clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV)  ## create .venv with every locked dependency (idempotent)
	$(UV) sync --frozen --python $(PYTHON)

demo: install  ## migrate, load the demo county, serve http://127.0.0.1:8000
	$(FAZHI) demo

test: install lint  ## the whole suite on SQLite, then on PostgreSQL
	scripts/ensure-chromium.sh
	scripts/ensure-libreoffice.sh
	$(MAKE) --no-print-directory test-sqlite
	scripts/ensure-postgres.sh
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== 测试：SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest $(PARALLEL) --durations=15

# The browser tests drive the interface, not the database, and tests/analysis
# reads texts without touching the database: both run once, on SQLite, which
# keeps the whole of `make test` within CI's half hour.
test-postgres:
	@echo "== 测试：PostgreSQL =="
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PARALLEL) --ignore=tests/browser --ignore=tests/analysis --durations=15

lint:
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(FAZHI) makemigrations --check --dry-run > /dev/null

serve: install  ## production-like: gunicorn (set DJANGO_SETTINGS_MODULE etc. first)
	$(VENV)/bin/gunicorn fazhi.wsgi --bind 127.0.0.1:8000 --workers 3

worker: install  ## background jobs (imports, reminders)
	$(FAZHI) db_worker

clean:
	rm -rf $(VENV) .tools var .pytest_cache .ruff_cache
