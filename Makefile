# marketing-afiliados — the two commands that matter:
#   make dev    run the platform with demo data (installs/starts PostgreSQL, Redis, the SMTP sink)
#   make test   run every check and test (what CI runs through .ci/run)
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/afiliados-target
# The api's runtime role (ADR 0023); scripts/dev.sh creates it and migrates as afiliados_owner.
DEV_DATABASE_URL ?= postgres://afiliados_app:afiliados_app@127.0.0.1:5432/afiliados_dev

.PHONY: dev dev-up services migrate schema seed seed-qa test test-only lint fmt check-deps check-deploy openapi ci perf bench backup backups restore rotate-data-key rotate-jwt-key smoke

dev: ## Run api, worker and web with demo data; prints URLs and sign-in details
	scripts/dev.sh

dev-up: services ## Only start PostgreSQL, Redis and the SMTP sink
	@true

services:
	scripts/ensure-services.sh

migrate: services ## Apply pending migrations to the dev database
	scripts/dev.sh --migrate-only

schema: ## Print the live schema with diesel_cli (installs it if missing) for comparison with schema.rs
	command -v diesel >/dev/null || cargo install diesel_cli --no-default-features --features postgres
	diesel print-schema --database-url $(DEV_DATABASE_URL)

seed: migrate ## Demo users and programmes (idempotent); `make dev` also places the demo orders (seed dev-orders)
	cargo build -q --workspace --all-targets
	DATABASE_URL=$(DEV_DATABASE_URL) $(CARGO_TARGET_DIR)/debug/afiliados-api seed dev

seed-qa: migrate ## QA data (admin.qa and finance.qa with 2FA); needs every QA_* secret (services/api/.env.example)
	cargo build -q --workspace --all-targets
	DATABASE_URL=$(DEV_DATABASE_URL) $(CARGO_TARGET_DIR)/debug/afiliados-api seed qa

backup: services ## One encrypted backup of the dev database now, reported to the running api (make dev)
	cargo build -q -p afiliados-worker
	APP_ENV=development BACKUP_DATABASE_URL=$${BACKUP_DATABASE_URL:-postgres://afiliados_backup:afiliados_backup@127.0.0.1:5432/afiliados_dev} \
	  $(CARGO_TARGET_DIR)/debug/afiliados-worker backup now

backups: ## List the snapshots in the store (STORAGE_* of .env.shared; works with the api down)
	cargo build -q -p afiliados-worker
	APP_ENV=development $(CARGO_TARGET_DIR)/debug/afiliados-worker backup list

restore: ## make restore SNAPSHOT=backups/….dump.enc TARGET_DATABASE_URL=postgres://…/empty_db — verify, decrypt, pg_restore
	@test -n "$(SNAPSHOT)" || { echo "usage: make restore SNAPSHOT=<storage key from make backups> [TARGET_DATABASE_URL=postgres://…/db]"; exit 2; }
	cargo build -q -p afiliados-worker
	target="$${TARGET_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/afiliados_restore}"; \
	  if [ -z "$(TARGET_DATABASE_URL)" ]; then \
	    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "DROP DATABASE IF EXISTS afiliados_restore WITH (FORCE)" -c "CREATE DATABASE afiliados_restore"; \
	  fi; \
	  APP_ENV=$${APP_ENV:-development} $(CARGO_TARGET_DIR)/debug/afiliados-worker backup restore --snapshot "$(SNAPSHOT)" --target-database-url "$$target"

fmt:
	cargo fmt --all

lint: ## fmt check, clippy with warnings as errors, crate boundaries, deployment and monitoring files
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/check-deps.sh
	scripts/check-deploy.sh

check-deploy: ## promtool/amtool/actionlint/kustomize+schemas and the compose files (ADR 0062)
	scripts/check-deploy.sh

check-deps: ## The web and the worker never link diesel (tests included); the worker never the api; the web never jobs or JWT keys
	scripts/check-deps.sh

rotate-data-key: ## Re-seal every stored value under the active DATA_ENCRYPTION_KEY (DATABASE_URL, default the dev database; after `keys data add` and a deploy, docs/CONFIGURATION.md)
	cargo build -q -p afiliados-api
	DATABASE_URL=$${DATABASE_URL:-$(DEV_DATABASE_URL)} $(CARGO_TARGET_DIR)/debug/afiliados-api keys data rotate
	DATABASE_URL=$${DATABASE_URL:-$(DEV_DATABASE_URL)} $(CARGO_TARGET_DIR)/debug/afiliados-api keys data status

rotate-jwt-key: ## Print a new JWT_KEYS (fresh signing key first, old ones kept), then which old keys may be retired (DATABASE_URL, default the dev database; docs/CONFIGURATION.md)
	cargo build -q -p afiliados-api
	DATABASE_URL=$${DATABASE_URL:-$(DEV_DATABASE_URL)} $(CARGO_TARGET_DIR)/debug/afiliados-api keys jwt add
	DATABASE_URL=$${DATABASE_URL:-$(DEV_DATABASE_URL)} $(CARGO_TARGET_DIR)/debug/afiliados-api keys jwt status

openapi: ## Regenerate docs/openapi.json from the real handlers
	cargo build -q --workspace --all-targets
	$(CARGO_TARGET_DIR)/debug/afiliados-api openapi > docs/openapi.json

test: ## Every check and test, against real services (installs what is missing)
	scripts/ensure-services.sh --browser
	$(MAKE) lint
	$(MAKE) test-only

test-only:
	# Every binary too: the e2e tests run afiliados-worker and afiliados-smoke as processes.
	cargo build --workspace --all-targets
	if command -v cargo-nextest >/dev/null; then \
	  cargo nextest run --workspace --no-fail-fast; \
	else \
	  cargo test --workspace --no-fail-fast; \
	fi

ci: test

perf: ## Sign-in latency and idle memory (docs/performance.md)
	scripts/perf.sh

bench: ## Issue 10 figures vs a pgbench baseline: hooks, end to end, settlement, reads at 1 M orders (docs/performance.md)
	scripts/bench.sh

smoke: ## Post-deploy smoke test: make smoke BASE_URL=https://… (QA_ADMIN_PASSWORD, QA_ADMIN_TOTP_SECRET, QA_INFLUENCER_PASSWORD; docs/deployment.md)
	@test -n "$(BASE_URL)$(API_URL)" || { echo "usage: make smoke BASE_URL=<public origin> [API_URL=… WEB_URL=… PROMETHEUS_URL=… WORKER_METRICS_URL=…]"; exit 2; }
	cargo build -q -p afiliados-smoke
	$(CARGO_TARGET_DIR)/debug/afiliados-smoke
