# syntax=docker/dockerfile:1.7
# Image of the worker service. Build from the workspace root:
#   docker build -f infrastructure/docker/worker.Dockerfile -t registry.medipiel.co/marketing-afiliados/worker:$(git rev-parse --short HEAD) .
# The same Cargo.lock builds all three images. Base images are pinned to exact versions (ADR 0062);
# the toolchain is the image's, whatever rust-toolchain.toml's channel says (no download at build).
# docs/deployment.md has the exact commands; scripts/check_deploy.py (make check-deploy) and
# crates/afiliados-config/tests/deploy_files.rs check that the cargo command below names a real
# package, binary and features, that base images are pinned and that the runtime stage has what the
# binary runs (ADR 0066).

ARG RUST_VERSION=1.95.0
FROM rust:${RUST_VERSION}-bookworm AS builder
ARG RUST_VERSION
ENV RUSTUP_TOOLCHAIN=${RUST_VERSION} CARGO_INCREMENTAL=0
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p afiliados-worker --bin afiliados-worker \
    && install -D -m 0755 target/release/afiliados-worker /out/afiliados-worker

FROM debian:12.12-slim AS runtime
# The backups run pg_dump, pg_restore and psql (services/worker/src/backup/). pg_dump refuses to dump a
# server newer than itself, so the client's major is the server's: PostgreSQL 15 (the compose files'
# postgres image; scripts/check_deploy.py compares the two). When the server moves to a newer major,
# install postgresql-client-<major> from the PGDG apt repository here.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 afiliados \
    && useradd --system --uid 10001 --gid afiliados --home-dir /app --create-home --shell /usr/sbin/nologin afiliados
WORKDIR /app
COPY --from=builder /out/afiliados-worker /usr/local/bin/afiliados-worker
# Runtime configuration comes from the environment (secrets from the secret manager, never baked in).
# /metrics, /health and /ready listen on every interface of the container (the worker's own
# default, 127.0.0.1, is for a developer's machine; ADR 0062).
ENV APP_ENV=production \
    LOG_FORMAT=json \
    WORKER_METRICS_HOST=0.0.0.0 \
    WORKER_METRICS_PORT=9465
USER 10001:10001
EXPOSE 9465
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9465/health > /dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/afiliados-worker"]
CMD ["serve"]
