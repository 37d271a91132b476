# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
BOARD_CHROMIUM ?= /usr/bin/chromium
export BOARD_CHROMIUM
STAMP_AXE := tests/e2e/node_modules/.installed

.PHONY: run test serve cert lint format migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

migrate: $(STAMP_RUN)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py load_places

# Background tasks beside the web server: a queue worker and the periodic scheduler, both
# stopped when the server stops (Ctrl+C). Production runs more of them (README.md).
WORKERS = trap 'kill $$w $$p 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & w=$$!; \
	$(BIN)/python manage.py run_periodic & p=$$!;

run: seed
	$(BIN)/python manage.py demo_account
	@$(WORKERS) DJANGO_DEBUG=1 PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production stack: nginx on $(PORT) (buffering, timeouts, body limit) in front of gunicorn on
# a unix socket; pid, temp files and socket under run/ (config/nginx/serve.sh, README.md).
serve: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(WORKERS) BOARD_LISTEN=$${BOARD_LISTEN:-127.0.0.1:$(PORT)} config/nginx/serve.sh

# A self-signed certificate for trying HTTPS locally:
#   BOARD_TLS_CERT=run/tls/cert.pem BOARD_TLS_KEY=run/tls/key.pem make serve
cert:
	mkdir -p run/tls
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
		-keyout run/tls/key.pem -out run/tls/cert.pem

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# axe-core (npm) for the browser tests, only where they can run: Chromium and npm present.
$(STAMP_AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@if [ -x $(BOARD_CHROMIUM) ] && command -v npm >/dev/null; then \
		npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error && touch $@ \
		|| echo "npm ci failed: the accessibility tests will be skipped"; \
	fi

test: lint $(STAMP_AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles run .pytest_cache .ruff_cache
