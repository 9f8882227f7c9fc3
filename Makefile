PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/poa.duckdb
HOST ?= 127.0.0.1
PORT ?= 8501
# 1: uploads without sign-in, for a dashboard on 127.0.0.1 with no proxy in front (docs/security.md).
LOCAL_UPLOADS ?=

.PHONY: run test test-fast bench samples db demo clean screenshot

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(DB): $(BIN)/.installed
	@# Only the demo store gets the samples: a store of your own (make run DB=...) starts empty.
	@if [ "$(DB)" = "data/poa.duckdb" ] && [ ! -f $(DB) ]; then $(BIN)/python -m etl load --db $(DB) data/samples; fi

db: $(DB)

# The five sample plans into a store on purpose (make demo DB=/tmp/demo.duckdb); the dashboard itself
# fills only the default data/poa.duckdb with them, and any other POA_DB starts empty.
demo: $(BIN)/.installed
	$(BIN)/python -m etl load --db $(DB) data/samples

run: $(BIN)/.installed $(DB)
	POA_DB=$(DB) POA_LOCAL_UPLOADS=$(LOCAL_UPLOADS) $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# The developer's loop: every test but the slow ones (browser, faults, a few others); make test runs them all.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(BIN)/.installed
	$(BIN)/python -m bench

samples: $(BIN)/.installed
	$(BIN)/python -m tools.build_samples

clean:
	rm -f $(DB) $(DB).wal

# The README's picture (docs/img/resumen.png); the tests never write into docs/.
screenshot: $(BIN)/.installed
	$(BIN)/python -m tools.screenshot
