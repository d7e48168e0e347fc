# make run   -- the main job: the seed articles and their period's territory -> maps/frontline.html and the layers
# make test  -- the test suite (without the slow tests unless CI is set)
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

# Where CI is set (.ci/run sets it) every test runs; elsewhere the tests marked slow are left to
# `.venv/bin/python -m pytest -m slow` (or `make test CI=true`).
FULL_SUITE := $(filter-out 0 false no,$(CI))
test: $(BIN)/frontline
	@$(if $(FULL_SUITE),,echo "make test: the tests marked slow are left out; run them with" \
	    "'.venv/bin/python -m pytest -m slow' (CI runs every test)")
	$(BIN)/python -m pytest geo tests $(if $(FULL_SUITE),,-m "not slow")

bench: $(BIN)/frontline
	$(BIN)/python benchmarks/geoparse_corpora.py
	$(BIN)/python benchmarks/gazetteer_load.py
	$(BIN)/python benchmarks/store_ingest.py
	$(BIN)/python benchmarks/map_size.py
	$(BIN)/python benchmarks/katottg_placement.py
	$(BIN)/python benchmarks/realreports_geoparse.py

clean:
	rm -rf $(VENV) .pytest_cache
