# Two commands: `make run` and `make test`. Nothing else needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails, PDFs, QR codes and calendar feeds use the address the
# site is served at; set SITE_URL yourself behind a proxy or a public name.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

# What WeasyPrint needs (HarfBuzz subsetting makes it ~2.5x faster) and fonts
# with Serbian Cyrillic and Latin; gettext for the translation catalogues.
DEBIAN_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core fonts-dejavu-extra gettext
# Debian's chromium for the browser tests (never a downloaded browser).
DEBIAN_TEST := chromium

.PHONY: run test test-live-redis setup setup-test migrate demo serve lint format messages check clean

run: setup migrate demo serve

setup: $(VENV)/.installed
	@./scripts/ensure-debian-packages $(DEBIAN_RUN)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $@

setup-test: setup
	@./scripts/ensure-debian-packages $(DEBIAN_TEST)

migrate: setup
	@if [ -d locale ]; then $(MANAGE) compilemessages --ignore=.venv -v 0; fi
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	@mkdir -p staticfiles media

demo: migrate
	$(MANAGE) load_demo

serve:
	@echo ""
	@echo "  Платформа ради на http://$(HOST):$(PORT)/  (HTTP и websockets)"
	@echo "  Администрација: http://$(HOST):$(PORT)/admin/"
	@echo "  Послата е-пошта (демо): http://$(HOST):$(PORT)/dev/outbox/"
	@echo "  Демо налози (лозинка за све: obuka-2026-demo):"
	@echo "    особље / уредница:  urednica@example.org"
	@echo "    тренер:             trener@example.org"
	@echo "    учесница:           ucesnica@example.org"
	@echo "    Комора (преглед):   komora@example.org"
	@echo "  Квиз уживо (демо): http://$(HOST):$(PORT)/uzivo/DEMO26/ — тренер води са /uzivo/DEMO26/kontrola/"
	@echo ""
	$(BIN)/daphne -b $(HOST) -p $(PORT) lms.asgi:application

test: setup-test
	@if [ -d locale ]; then $(MANAGE) compilemessages --ignore=.venv -v 0; fi
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

# The live-quiz tests again, every consumer on the real Redis channel layer.
test-live-redis: setup-test
	@if [ -d locale ]; then $(MANAGE) compilemessages --ignore=.venv -v 0; fi
	CHANNEL_LAYER=redis LIVE_REQUIRE_REDIS=1 DJANGO_ALLOW_ASYNC_UNSAFE=true \
		$(BIN)/pytest -p no:cacheprovider tests/quizzes tests/exercises/test_run_live.py \
		-k live $(PYTEST_ARGS)

check: setup
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: setup
	$(MANAGE) makemessages -l sr -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
