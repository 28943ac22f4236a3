# One task runner for people, CI and the GitHub workflows.
# Quick start: `make site` (validate + build the site into site/) and `make test` (every test).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
# Two pytest-xdist workers: 4 min 39 s instead of 6 min 13 s for the whole suite on 2 cores
# (measured 2026-12-04); PYTEST_ARGS= runs it in one process.
PYTEST_ARGS   ?= -n 2
# `make bench BENCH_SIZES=20000 BENCH_ARGS="--label before"`: see benchmarks/run.py --help.
BENCH_SIZES   ?= 100,1000,10000
BENCH_ARGS    ?=
# `make validate FORMAT=github` prints GitHub annotations (the pull-request workflow uses it).
FORMAT        ?= text
# `make ringkasan BASE=origin/main`: Markdown summary of what changed against that git ref.
BASE          ?= origin/main
BASE_DIR      := .ringkasan-dasar

.DEFAULT_GOAL := help
.PHONY: help site validate ringkasan tindak-lanjut tindak-lanjut-sinkron tautan laporan-tautan generate serve test lint typecheck pytest schema lock clean bench

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 atau lebih baru diperlukan")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_STAMP): requirements/dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/dev.txt
	@touch $@

# `kerjasama build` validates first, prints the same report as `kerjasama validate` and builds
# nothing when the register has an error.
site: $(RUNTIME_STAMP) ## Validate the register and build the site into site/
	$(BIN)/kerjasama build

# `make validate DASAR=origin/main` also checks that no record of that git ref vanished
# (naskah-dihapus, id-berubah); the base's agreements/ is extracted with `git archive` into a
# temporary folder that is removed afterwards.
DASAR         ?=
validate: $(RUNTIME_STAMP) ## Validate the register only (FORMAT=text|json|github, DASAR=git ref)
ifeq ($(strip $(DASAR)),)
	$(BIN)/kerjasama validate --format $(FORMAT)
else
	@tmp="$$(mktemp -d)" && trap 'rm -rf "$$tmp"' EXIT && \
	git archive --format=tar "$(DASAR)" -- agreements | tar -x -C "$$tmp" && \
	$(BIN)/kerjasama validate --format $(FORMAT) --dasar "$$tmp/agreements"
endif

ringkasan: $(RUNTIME_STAMP) ## Markdown summary of changes against BASE (default origin/main)
	@rm -rf $(BASE_DIR) && mkdir -p $(BASE_DIR)
	@git archive --format=tar $(BASE) -- agreements | tar -x -C $(BASE_DIR)
	@$(BIN)/kerjasama ringkasan --dasar $(BASE_DIR)/agreements
	@rm -rf $(BASE_DIR)

# Follow-up actions (issue 15). `tindak-lanjut-sinkron` needs GITHUB_TOKEN and GITHUB_REPOSITORY
# (the tindak-lanjut workflow sets them); KERJASAMA_AS_OF moves the date as everywhere.
tindak-lanjut: $(RUNTIME_STAMP) ## List the follow-up actions due (Markdown)
	@$(BIN)/kerjasama tindak-lanjut --format markdown

tindak-lanjut-sinkron: $(RUNTIME_STAMP) ## Sync the follow-up actions with GitHub issues
	$(BIN)/kerjasama tindak-lanjut --sinkron-github

# Link check (periksa-tautan workflow): the URL list for lychee, then its report into one issue.
TAUTAN_FILE ?= tautan.txt
LYCHEE_REPORT ?= lychee/out.md
tautan: $(RUNTIME_STAMP) ## Write every sumber/dokumen URL into tautan.txt
	$(BIN)/kerjasama tautan > $(TAUTAN_FILE)

laporan-tautan: $(RUNTIME_STAMP) ## Report lychee's result (LYCHEE_EXIT_CODE) into the marker issue
	$(BIN)/kerjasama tautan --laporkan $(LYCHEE_REPORT) --kode-lychee "$${LYCHEE_EXIT_CODE:-1}"

generate: $(RUNTIME_STAMP) ## Write the generated pages into docs/_generated/
	$(BIN)/kerjasama generate

bench: $(DEV_STAMP) ## Time validate, generate and build on synthetic registers; rewrites docs/panduan/kinerja.md
	$(BIN)/python -m benchmarks.run --sizes $(BENCH_SIZES) $(BENCH_ARGS)

# --dirty: after the first full build, an edit re-renders only the pages whose generated source
# changed (about 1 s instead of a full rebuild); `make site` builds the exact, strict site.
SERVE_ARGS ?= --livereload --dirty
serve: $(RUNTIME_STAMP) ## Preview at http://127.0.0.1:8000, regenerated when a YAML file changes
	$(BIN)/mkdocs serve $(SERVE_ARGS)

test: lint typecheck pytest ## Run every test (lint, types, unit, build, browser)

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/kerjasama skema --periksa

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

schema: $(RUNTIME_STAMP) ## Copy schema/kode/*.yaml into the JSON Schema's $$defs
	$(BIN)/kerjasama skema

lock: $(DEV_STAMP) ## Re-pin requirements/*.txt with hashes
	$(BIN)/python -m uv pip compile --generate-hashes --python-version 3.11 -q requirements/runtime.in -o requirements/runtime.txt
	$(BIN)/python -m uv pip compile --generate-hashes --python-version 3.11 -q requirements/dev.in -o requirements/dev.txt

clean: ## Remove build output (keeps .venv)
	rm -rf site .site.kerjasama-* docs/_generated .pytest_cache .mypy_cache .ruff_cache
