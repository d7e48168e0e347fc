# make run   -- the main job: the seed articles and their period's territory -> maps/frontline.html and the layers
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

# with ../shared beside the project, the period's maps and the boundaries come from there (else the store,
# else DeepStateMap's history API)
SHARED ?= ../shared/data
BUILD_FLAGS := $(if $(wildcard $(SHARED)/deepstate/raw),--snapshots $(SHARED)/deepstate/raw) \
               $(if $(wildcard $(SHARED)/boundaries),--boundaries $(SHARED)/boundaries)

run: $(BIN)/frontline
	$(BIN)/frontline build seeds --out maps $(BUILD_FLAGS)

test: $(BIN)/frontline
	$(BIN)/python -m pytest geo tests

bench: $(BIN)/frontline
	$(BIN)/python benchmarks/geoparse_corpora.py
	$(BIN)/python benchmarks/gazetteer_load.py
	$(BIN)/python benchmarks/store_ingest.py
	$(BIN)/python benchmarks/map_size.py

clean:
	rm -rf $(VENV) .pytest_cache
