# Skillcheck: `make run` sets everything up and serves; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes (pytest-xdist); the suite, browser tests included, runs in parallel.
WORKERS ?= 2
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test test-fast test-postgres lint check serve-prod setup venv browser clean help

help:
	@echo "make run            set up (venv, install, migrate, load banks, demo users) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test           the whole suite (unit, integration, browser)"
	@echo "make test-postgres  the suite against DATABASE_URL (default postgres://postgres@127.0.0.1:5432/skillcheck)"
	@echo "make lint           ruff"
	@echo "make serve-prod     gunicorn + whitenoise, DEBUG off; needs DJANGO_SECRET_KEY, creates no demo users"

$(VENV)/.created:
	@py="$$(scripts/find-python)" || exit 1; \
	echo "Using $$py ($$($$py --version))"; \
	"$$py" -m venv $(VENV) && touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_banks
	DJANGO_DEBUG=true $(PY) manage.py create_demo_users

# The task worker (background calibration) runs beside the web server; Ctrl-C stops both.
run: setup
	@echo "Serving Skillcheck on http://127.0.0.1:$(PORT) with a task worker  (Ctrl-C to stop both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(PY) manage.py db_worker --interval 2 & worker=$$!; \
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

browser:
	@scripts/ensure-chromium

test: venv
	@scripts/ensure-chromium || true
	$(PY) -m pytest -n $(WORKERS)

test-fast: venv
	$(PY) -m pytest -n $(WORKERS) -m "not browser"

test-postgres: venv
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/skillcheck} $(PY) -m pytest -n $(WORKERS)

lint: venv
	$(VENV)/bin/ruff check .

check: venv
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# Production: DEBUG off, a real DJANGO_SECRET_KEY from the environment (refused when
# missing or public), no demo users (a database that has them with their public passwords
# fails the deploy check). Cookies are not Secure by default here because this serves
# plain HTTP on 127.0.0.1; behind TLS set DJANGO_SECURE_COOKIES=true.
PROD := DJANGO_DEBUG=false DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-false}

# gunicorn's sync workers for serve-prod: two per core (a worker waits on PostgreSQL
# and Redis; with two on 2 cores a quarter of the CPU stayed idle: docs/performance.md).
WEB_WORKERS ?= $(shell echo $$(( 2 * $$(nproc 2>/dev/null || echo 1) )))

serve-prod: venv
	@$(PROD) $(PY) -m config.keys
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py load_banks
	$(PROD) $(PY) manage.py check --deploy --tag security --database default --fail-level ERROR
	$(PROD) $(PY) manage.py collectstatic --noinput -v0
	$(PROD) $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers $(WEB_WORKERS)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
