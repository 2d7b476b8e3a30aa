# archverify — build, test, demo and benchmark. `make demo` and `make test` do all set-up.
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GRAMMARS := Sources/TreeSitterGrammars/vendor/.version

.PHONY: setup build release test demo bench format lint clean

$(GRAMMARS): scripts/setup.sh
	bash scripts/setup.sh

setup: $(GRAMMARS)
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

test: setup
	$(SWIFT) test

## Audits the bundled example project (a Flask API with a Next.js front end) and shows the report.
demo: release
	@echo "archverify audit examples/taskboard"
	@.build/release/archverify audit examples/taskboard; status=$$?; \
	  echo; echo "exit status: $$status (0 = gate passed, 1 = gate failed, 2 = input error)"; \
	  [ $$status -le 1 ]

## Times archverify against the tree-sitter parse floor and peers on real Flask projects.
bench: release
	bash bench/run.sh

format:
	swift-format format --in-place --recursive --parallel Package.swift Sources Tests Plugins

lint:
	swift-format lint --strict --recursive --parallel Package.swift Sources Tests Plugins

clean:
	rm -rf .build
