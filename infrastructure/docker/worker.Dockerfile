# syntax=docker/dockerfile:1.7
# Image of the worker service. Build from the workspace root:
#   docker build -f infrastructure/docker/worker.Dockerfile -t registry.medipiel.co/marketing-afiliados/worker:$(git rev-parse --short HEAD) .
# The same Cargo.lock builds all three images.

FROM rust:1-bookworm AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p afiliados-worker \
    && install -D -m 0755 target/release/afiliados-worker /out/afiliados-worker

FROM debian:bookworm-slim AS runtime
# pg_dump refuses to dump a server newer than itself: bookworm's postgresql-client is 15, matching the
# PostgreSQL 15 server. When the server moves to a newer major, install postgresql-client-<major> from the
# PGDG apt repository here.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 afiliados \
    && useradd --system --uid 10001 --gid afiliados --home-dir /app --create-home --shell /usr/sbin/nologin afiliados
WORKDIR /app
COPY --from=builder /out/afiliados-worker /usr/local/bin/afiliados-worker
# Runtime configuration comes from the environment (secrets from the secret manager, never baked in).
ENV APP_ENV=production \
    LOG_FORMAT=json \
    WORKER_METRICS_PORT=9465
USER 10001:10001
EXPOSE 9465
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9465/metrics > /dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/afiliados-worker"]
CMD ["serve"]
