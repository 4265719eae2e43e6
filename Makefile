# The two commands of the README:
#   make sample   set up, then run the main job on the bundled sample corpus
#   make test     set up, then lint and run the test suite (what CI runs)
# Both install what they need: Debian fonts and libraries, then a virtualenv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Torch only converts Hugging Face checkpoints to CTranslate2; 2.13.0 is the CPU build here.
TORCH_SPEC ?= torch==2.13.0
# Noto fonts for every script, raqm/fribidi for Pillow's complex-script shaping,
# ICU headers and pkg-config to build PyICU (line breaking), Chromium to test report.html.
DEBIAN_PACKAGES := fonts-noto-core fonts-noto-extra fonts-noto-cjk libraqm0 libfribidi0 \
	libicu-dev pkg-config g++ chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLE_DIR ?= out/sample-corpus
SAMPLE_OUT ?= out/sample-run
SAMPLE_LANGS ?= deu_Latn,swh_Latn,arb_Arab,hin_Deva,zho_Hans
MODEL ?= facebook/nllb-200-distilled-600M

.PHONY: setup system-deps test lint sample clean

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml docker/worker/constraints.txt | $(BIN)/python
	$(BIN)/pip install -q "$(TORCH_SPEC)"
	# The worker image's pins, so the launcher and the workers run the same versions.
	$(BIN)/pip install -q -c docker/worker/constraints.txt -e ".[test]"
	touch $@

setup: system-deps $(VENV)/.installed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

sample: setup
	$(BIN)/python -m babelshard.pipelines.sample_corpus $(SAMPLE_DIR)
	$(BIN)/babelshard run --input $(SAMPLE_DIR)/coco/captions_sample.json --format coco \
		--image-root $(SAMPLE_DIR)/images --langs $(SAMPLE_LANGS) --model $(MODEL) \
		--output $(SAMPLE_OUT)
	$(BIN)/babelshard inspect $(SAMPLE_OUT)

clean:
	rm -rf out build *.egg-info .pytest_cache .ruff_cache
