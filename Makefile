# make run   -- the main job: ingest the seed articles, write maps/frontline.html and the GeoJSON layers
# make test  -- the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/frontline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/frontline
	$(BIN)/frontline build seeds --out maps

test: $(BIN)/frontline
	$(BIN)/python -m pytest geo tests

bench: $(BIN)/frontline
	$(BIN)/python benchmarks/geoparse_corpora.py
	$(BIN)/python benchmarks/gazetteer_load.py
	$(BIN)/python benchmarks/store_ingest.py
	$(BIN)/python benchmarks/map_size.py

clean:
	rm -rf $(VENV) .pytest_cache
