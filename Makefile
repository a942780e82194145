# htx — two commands set everything up: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HTX := $(VENV)/bin/htx
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint venv system-deps postgres sample docs clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Debian packages the browser tests and the PDF checks need (installed once, when missing).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "Liberation Serif" || missing="$$missing fonts-liberation2"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null) \
	    || echo "warning: could not install$$missing; tests that need them will say so"; \
	fi

# Start the local PostgreSQL server when it is installed but down (developer and CI machines).
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  (command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start) || true

run: venv system-deps
	$(HTX) db upgrade
	$(HTX) sample load
	$(HTX) serve --host $(HOST) --port $(PORT)

test: venv system-deps postgres
	$(PY) -m pytest -q -n 2

bench: venv postgres
	$(PY) -m htx.bench

lint: venv
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src tests
	$(PY) -m htx.devtools.layers

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
