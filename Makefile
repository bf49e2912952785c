# Swanilai — `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench messages venv deps migrate demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { \
	  echo "python3-venv belum terpasang; memasang lewat apt…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "Swanilai berjalan di http://$(HOST):$(PORT)  (Ctrl+C untuk berhenti); pekerja latar ikut berjalan."
	@$(PY) manage.py run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

test: lint
	$(VENV)/bin/pytest

bench: venv
	$(PY) bench/run.py
	$(PY) bench/planner.py
	$(PY) bench/pages.py
	$(PY) bench/portfolio_probe.py

# After changing user-facing strings: refresh each app's English catalogue, translate the new
# entries in <app>/locale/en/LC_MESSAGES/django.po, run it again to compile (needs GNU gettext).
APPS := accounts api assessment audit capacity insight instrument orgs portfolio review swanilai
messages: venv
	@for app in $(APPS); do \
	  (cd $$app && mkdir -p locale && ../$(PY) ../manage.py makemessages -l en --no-location --no-obsolete -v0 \
	   && ../$(PY) ../manage.py compilemessages -l en -v0) || exit 1; \
	done
	@for app in $(APPS); do po=$$app/locale/en/LC_MESSAGES/django.po; \
	  msgattrib --untranslated $$po; msgattrib --only-fuzzy $$po; done | \
	  grep '^msgid ' | grep -vc '^msgid ""$$' | xargs -I{} echo "{} entries still need an English text"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
