# archverify — build, test, demo and benchmark. `make demo` and `make test` do all set-up.
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GRAMMARS := Sources/TreeSitterGrammars/vendor/.version

.PHONY: setup build release test test-venv demo reports bench format lint clean

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

## Regenerates the sample reports of examples/taskboard in every format (Reports/samples); a test
## fails when they are stale. Made machine-independent: the text report's time line is left out and
## the checkout's folder reads /path/to/archverify. `make reports ARCHVERIFY=FILE` uses that binary.
SAMPLES := Reports/samples
ARCHVERIFY ?=
reports: $(if $(ARCHVERIFY),,build)
	@bin="$(or $(ARCHVERIFY),.build/debug/archverify)"; mkdir -p $(SAMPLES); \
	for format in text json sarif markdown html; do \
	  case $$format in text) ext=txt ;; markdown) ext=md ;; *) ext=$$format ;; esac; \
	  sample=$(SAMPLES)/taskboard.$$ext; \
	  "$$bin" audit examples/taskboard --format $$format > $$sample.tmp; status=$$?; \
	  if [ $$status -gt 1 ]; then rm -f $$sample.tmp; exit $$status; fi; \
	  sed -e '/^Time  /d' -e 's|$(CURDIR)/|/path/to/archverify/|g' $$sample.tmp > $$sample; \
	  rm -f $$sample.tmp; echo "wrote $$sample"; \
	done

## Times archverify against the tree-sitter parse floor and peers on real Flask projects.
bench: release
	bash bench/run.sh

SWIFT_SOURCES := Package.swift Sources Tests Plugins Rules/RulePacks.swift Reports/ReportTemplates.swift Templates/GeneratorTemplates.swift

format:
	swift-format format --in-place --recursive --parallel $(SWIFT_SOURCES)

## Fails on any style finding of .swift-format; `make test` runs it first.
lint:
	swift-format lint --strict --recursive --parallel $(SWIFT_SOURCES)

clean:
	rm -rf .build
