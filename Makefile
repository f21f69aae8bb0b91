# Zhicheng — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
HOST  ?= 127.0.0.1
PORT  ?= 8000

# Find a Python >= 3.12: pyenv's pinned one, then python3.13, python3.12, python3.
PYTHON ?= $(shell for p in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
	  c=$$(command -v "$$p" 2>/dev/null) || continue; \
	  "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$c"; break; }; \
	done)

.PHONY: run dev test venv lint clean

$(BIN)/zhicheng: pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（Zhicheng needs Python >= 3.12; none found on PATH or in pyenv)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(BIN)/zhicheng

venv: $(BIN)/zhicheng

# Served the way production serves: gunicorn, DEBUG off, static files by whitenoise, Chinese
# 404/500 pages. Demo mode (ZHICHENG_TODAY) pins the date; the banner moves it.
# Idle keep-alive connections are kept 5 s, not gunicorn's 2: a client that pauses about 2 s
# between requests (a person reading a page) otherwise sends its next request as the server
# closes the connection, and gets a reset (bench/README.md, rush-bench).
WORKERS ?= $${ZHICHENG_WORKERS:-2}
THREADS ?= $${ZHICHENG_THREADS:-4}
RUN_ENV = ZHICHENG_DEBUG=0 ZHICHENG_TODAY=$${ZHICHENG_TODAY-2017-05-15}

run: venv
	@scripts/ensure-belenios $(VENV)
	@$(RUN_ENV) $(BIN)/zhicheng migrate --no-input -v 0
	@$(RUN_ENV) $(BIN)/zhicheng demo
	@$(RUN_ENV) $(BIN)/zhicheng collectstatic --no-input -v 0
	@echo "Zhicheng 已启动：http://$(HOST):$(PORT)/  （Ctrl+C 退出）"
	@echo "演示日期：页面顶部的演示横幅可把系统日期调整到附件1任一阶段的开始日（无需重启，所有进程同时生效）。"
	@$(RUN_ENV) $(BIN)/gunicorn zhicheng.wsgi:application --bind $(HOST):$(PORT) \
	  --workers $(WORKERS) --threads $(THREADS) --worker-class gthread --keep-alive 5 \
	  --access-logfile -

# For developers: runserver with DEBUG on and auto-reload.
dev: venv
	@scripts/ensure-belenios $(VENV)
	@$(BIN)/zhicheng migrate --no-input -v 0
	@$(BIN)/zhicheng demo
	@ZHICHENG_DEBUG=1 ZHICHENG_TODAY=$${ZHICHENG_TODAY-2017-05-15} $(BIN)/zhicheng runserver $(HOST):$(PORT)

# The whole suite. DATABASE_URL=postgres://... runs it on PostgreSQL.
test: venv
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports --no-cache
	@$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: venv
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) var/*.sqlite3* build src/*.egg-info
