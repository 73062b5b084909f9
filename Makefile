# Assay: two commands do everything on a fresh Debian machine with Swift.
#   make run    build (release), run the example studies in studies/ (they must
#               pass) and the planted failures in studies/failing/ (they must fail)
#   make test   build, run the test suite, and validate every example study
SWIFT ?= swift
RELEASE_BIN = .build/release/assay
DEBUG_BIN = .build/debug/assay

.PHONY: all deps test-deps build release test run schema docs bench accuracy report-check clean format format-check

all: build

# The system packages Assay builds with: libyaml (study files), SQLite and
# libpq (database sources). Installed with apt-get when missing and running as
# root; otherwise the exact command is printed.
deps:
	@missing=""; \
	pkg-config --exists yaml-0.1 2>/dev/null || [ -f /usr/include/yaml.h ] || missing="$$missing libyaml-dev"; \
	pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	pkg-config --exists libpq 2>/dev/null || [ -f /usr/include/postgresql/libpq-fe.h ] || missing="$$missing libpq-dev"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing$$missing (YAML for study files; SQLite and libpq for database sources)..."; \
	  (apt-get install -y $$missing || (apt-get update && apt-get install -y $$missing)) \
	  || { echo "error: could not install$$missing"; exit 1; }; \
	else \
	  echo "error: missing system packages:$$missing. Install them with:"; \
	  echo "    sudo apt-get install -y$$missing"; \
	  echo "then run this command again."; exit 1; \
	fi

# The PostgreSQL server binaries (Debian: postgresql), which the tests use to
# start a throwaway server (initdb and pg_ctl on a temporary directory and a
# Unix socket). Installed like the libraries; when that is impossible the
# PostgreSQL tests are skipped, and this says so.
test-deps: deps
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing postgresql (the server the PostgreSQL tests start)..."; \
	  (apt-get install -y postgresql || (apt-get update && apt-get install -y postgresql)) \
	  || echo "warning: could not install postgresql: the PostgreSQL tests will be skipped"; \
	else \
	  echo "warning: the PostgreSQL server binaries (initdb, pg_ctl) are missing, so the PostgreSQL tests"; \
	  echo "will be skipped. Install them with:"; \
	  echo "    sudo apt-get install -y postgresql"; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: test-deps build format-check
	$(SWIFT) test
	$(DEBUG_BIN) validate studies/

# The house style (.swift-format): the whole tree must be formatted and lint-clean.
# `make format` rewrites it in place.
format-check:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

# The real studies (studies/*.yaml) must pass; the planted failures
# (studies/failing/*.yaml) must each fail their gate (exit code 1).
run: release
	$(RELEASE_BIN) run studies/*.yaml
	@echo
	@echo "Planted failures (studies/failing/): each must exit 1."
	@status=0; for study in studies/failing/*.yaml; do \
	  $(RELEASE_BIN) run "$$study"; code=$$?; \
	  if [ $$code -eq 1 ]; then echo "  expected failure: $$study (exit 1)"; \
	  else echo "error: $$study exited $$code; a planted failure must exit 1"; status=1; fi; \
	done; exit $$status

# Re-record the committed JSON Schemas: the study format's from the registry,
# result.json's from the run records (a deliberate act; the test suite fails
# while a committed file differs).
schema: build
	$(DEBUG_BIN) schema study > schema/study-v1.schema.json
	$(DEBUG_BIN) schema result > schema/result-v1.schema.json

# Re-record the generated reference tables of docs/study-format.md.
docs: build
	$(DEBUG_BIN) schema --format markdown > .build/format-reference.md
	awk -v ref=.build/format-reference.md ' \
	  BEGIN { while ((getline line < ref) > 0) text = text line "\n" } \
	  /BEGIN GENERATED REFERENCE/ { printf "%s", text; skip = 1; next } \
	  /END GENERATED REFERENCE/ { skip = 0; next } \
	  !skip' docs/study-format.md > .build/study-format.md
	mv .build/study-format.md docs/study-format.md

clean:
	rm -rf .build

# Benchmarks: prints a table and writes bench/results.json.
bench: deps
	$(SWIFT) build -c release --product AssayBench
	.build/release/AssayBench

# The standard study in DoWhy 0.14 and in Assay on the same data, alternating runs
# (bench/compare.py; DoWhy lives in a venv outside the repository, created on first use;
# without it nothing is compared). BENCH_COMPARE_ARGS=--with-1e6 adds n = 1e6.
.PHONY: bench-compare
bench-compare: deps
	$(SWIFT) build -c release --product assay
	$(SWIFT) build -c release --product AssayBench
	python3 bench/compare.py $(BENCH_COMPARE_ARGS)

# NIST StRD accuracy table (log relative errors of coefficients and SEs).
accuracy: deps
	$(SWIFT) build -c release --product AssayBench
	.build/release/AssayBench accuracy

# Renders every example report's HTML to PNG with headless Chromium, to look at.
report-check: run
	scripts/report-check.sh reports/*/report.html
