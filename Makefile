# Halo → AlienVault/OSSIM toolkit.
#   make test                 install the test prerequisites if missing, then run every test
#   make build                release binaries

SWIFT ?= swift

.PHONY: test build
test:
	scripts/install-test-deps
	$(SWIFT) test

build:
	$(SWIFT) build -c release
