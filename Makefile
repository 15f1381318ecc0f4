# Companion: every target is idempotent; stamps under .venv/ and node_modules/ skip work already done.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
DOMAINS := messages info chat prescreen consent timeline auth audit staff site
export FLASK_APP := app

.PHONY: run dev test test-fast bench eval venv dev-venv runtime-deps system-deps node-deps translations messages db content-check clean

run: runtime-deps venv translations db  ## serve on 127.0.0.1:$(PORT) with gunicorn (settings: companion/serving/gunicorn_conf.py)
	PORT=$(PORT) $(BIN)/gunicorn -c python:companion.serving.gunicorn_conf 'app:app'

dev: runtime-deps venv translations db  ## Flask's reloader and debugger
	$(BIN)/flask --app app run --debug --port $(PORT)

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-meaning.txt constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-meaning.txt
	touch $@

dev-venv: $(VENV)/.installed-dev
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

runtime-deps:  ## Debian packages the app needs (venv module, Pango for WeasyPrint's PDFs, Dutch and British word lists for de-identification); skipped when present
	@missing=""; \
	$(PY) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	test -f /usr/share/dict/dutch || missing="$$missing wdutch"; \
	test -f /usr/share/dict/british-english || missing="$$missing wbritish"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

system-deps: runtime-deps  ## Debian packages the tests need (root on a fresh machine); skipped when present
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing="$$missing fonts-dejavu-core"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations:  ## compile the .po catalogues into .mo
	@for d in $(DOMAINS); do for l in nl en; do \
	  po=translations/$$l/LC_MESSAGES/$$d.po; \
	  if [ -f $$po ] && [ ! $${po%.po}.mo -nt $$po ]; then $(BIN)/pybabel -q compile -d translations -D $$d -l $$l || exit 1; fi; \
	done; done

messages: venv  ## translator workflow: extract strings and update every catalogue (see README)
	@for d in $(DOMAINS); do \
	  $(BIN)/pybabel -q extract -F translations/$$d.cfg -k _l -o translations/$$d.pot . && \
	  for l in nl en; do \
	    if [ -f translations/$$l/LC_MESSAGES/$$d.po ]; then \
	      $(BIN)/pybabel -q update -D $$d -i translations/$$d.pot -d translations -l $$l --no-fuzzy-matching; \
	    else $(BIN)/pybabel -q init -D $$d -i translations/$$d.pot -d translations -l $$l; fi; \
	  done; \
	done

db: venv
	$(BIN)/flask --app app init-db

content-check: venv
	$(BIN)/flask --app app content check

test: system-deps dev-venv node-deps translations  ## everything, browser tests included
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: runtime-deps dev-venv translations  ## without browser tests
	$(BIN)/python -m pytest -q -m "not e2e"

bench: dev-venv system-deps node-deps translations
	@set -e; for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f; done

.PHONY: lighthouse
lighthouse: dev-venv system-deps node-deps translations  ## Lighthouse (mobile) on five family pages only (also part of make bench)
	$(BIN)/python bench/lighthouse.py

$(VENV)/.installed-eval: $(VENV)/.installed-dev requirements-eval.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-eval.txt
	touch $@

eval: runtime-deps dev-venv translations $(VENV)/.installed-eval
	@set -e; for f in eval/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) node_modules translations/*/LC_MESSAGES/*.mo
