# archverify — build, test, demo and benchmark. `make demo` and `make test` do all set-up.
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GRAMMARS := Sources/TreeSitterGrammars/vendor/.version

.PHONY: setup build release test test-venv demo bench format lint clean

$(GRAMMARS): scripts/setup.sh
	bash scripts/setup.sh

setup: $(GRAMMARS)
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

## Python tools the tests drive (jsonschema for the SARIF and JSON report schemas), in a venv.
TEST_VENV := .build/test-venv
$(TEST_VENV)/.ready: scripts/test-requirements.txt
	python3 -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
	touch $@

test-venv: $(TEST_VENV)/.ready

test: setup lint test-venv
	ARCHVERIFY_TEST_PYTHON=$(CURDIR)/$(TEST_VENV)/bin/python $(SWIFT) test

## Audits the bundled example project (a Flask API with a Next.js front end) and shows the report.
demo: release
	@echo "archverify audit examples/taskboard"
	@.build/release/archverify audit examples/taskboard; status=$$?; \
	  echo; echo "exit status: $$status (0 = gate passed, 1 = gate failed, 2 = input error)"; \
	  [ $$status -le 1 ]

## Times archverify against the tree-sitter parse floor and peers on real Flask projects.
bench: release
	bash bench/run.sh

SWIFT_SOURCES := Package.swift Sources Tests Plugins Rules/RulePacks.swift

format:
	swift-format format --in-place --recursive --parallel $(SWIFT_SOURCES)

## Fails on any style finding of .swift-format; `make test` runs it first.
lint:
	swift-format lint --strict --recursive --parallel $(SWIFT_SOURCES)

clean:
	rm -rf .build
