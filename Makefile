# WeightPort — the two commands of the README:
#   make demo   convert, inspect and validate the bundled fixture models
#   make test   run the whole test suite
.PHONY: bootstrap build release demo test

bootstrap:
	@scripts/bootstrap

build: bootstrap
	swift build

test: bootstrap
	swift test
