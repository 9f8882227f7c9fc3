PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/poa.duckdb
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test bench samples db clean screenshot

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(DB): $(BIN)/.installed
	@if [ ! -f $(DB) ]; then $(BIN)/python -m etl load --db $(DB) data/samples; fi

db: $(DB)

run: $(BIN)/.installed $(DB)
	POA_DB=$(DB) $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python -m bench

samples: $(BIN)/.installed
	$(BIN)/python -m tools.build_samples

clean:
	rm -f $(DB) $(DB).wal

# The README's picture (docs/img/resumen.png); the tests never write into docs/.
screenshot: $(BIN)/.installed
	$(BIN)/python -m tools.screenshot
