# The two commands of the README, and what they need. Only python3 (3.11+) and make are assumed.
VENV   := .venv
PYTHON := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app planner
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
PORT   ?= 5000

.PHONY: run test install browser redis translations messages checkers sweep

run: install ## install, migrate, seed (with demo accounts) and serve on 127.0.0.1:$(PORT)
	$(FLASK) db-upgrade
	$(FLASK) seed
	$(FLASK) demo-accounts
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install browser redis ## install, then run the whole test suite (SQLite unless TEST_DATABASE_URL is set)
	$(PYTHON) -m pytest -n auto

install: $(STAMP) translations

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

translations: $(STAMP)
	@if ls planner/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel compile -d planner/translations >/dev/null; fi

browser: ## Debian's Chromium drives the browser tests (Playwright's own download does not work here)
	@test -x /usr/bin/chromium || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

redis: ## Debian's redis-server: the shared cache's tests start one of their own
	@command -v redis-server >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server; }

checkers: browser node_modules/.installed ## axe-core and the Nu HTML Checker (npm), and a Java to run the checker
	@command -v java >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --silent
	touch $@

sweep: install checkers ## axe-core and the Nu HTML Checker over every page, per role, in English and Arabic, at 1280 and 390 px
	$(PYTHON) -m pytest -n auto --sweep -p no:logging tests/sweep

messages: $(STAMP) ## re-extract the interface strings and update each language's catalogue
	$(VENV)/bin/pybabel extract -F planner/translations/babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o planner/translations/messages.pot .
	$(VENV)/bin/pybabel update -i planner/translations/messages.pot -d planner/translations
