# madoguchi — the commands a newcomer needs. Each installs what is missing first.
#   make run    build and serve the portal at http://127.0.0.1:3000 (SQLite, demo data)
#   make test   every test: lints, Rust tests on SQLite and PostgreSQL, browser tests
#   make bench  the benchmark figures of docs/BENCHMARKS.md

SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench tools build lint rust-test e2e

tools:
	@.ci/tools

build: tools
	cargo leptos build --release

run: build
	@echo "madoguchi: http://127.0.0.1:3000 (database: $${MADOGUCHI_DATABASE_URL:-sqlite://madoguchi.sqlite3})"
	MADOGUCHI_DEMO_REGISTRY=$${MADOGUCHI_DEMO_REGISTRY:-server/demo/registry.csv} \
	MADOGUCHI_DEMO_NOTICES=$${MADOGUCHI_DEMO_NOTICES:-server/demo/notices.csv} \
	MADOGUCHI_MAIL_DIR=$${MADOGUCHI_MAIL_DIR:-mail-outbox} cargo leptos serve --release

lint: tools
	cargo clippy -p kit -p filecheck -p app -p server --all-targets -- -D warnings
	cargo clippy -p kit -p filecheck -p frontend --target wasm32-unknown-unknown -- -D warnings

rust-test: tools
	.ci/with-postgres cargo test -p kit -p filecheck -p app -p server

e2e: build
	cd end2end && npx playwright test

test: lint rust-test e2e

bench: build
	.ci/bench
