# syntax=docker/dockerfile:1.7
# Image of the api service. Build from the workspace root:
#   docker build -f infrastructure/docker/api.Dockerfile -t registry.medipiel.co/marketing-afiliados/api:$(git rev-parse --short HEAD) .
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
    cargo build --release --locked -p afiliados-api --bin afiliados-api \
    && install -D -m 0755 target/release/afiliados-api /out/afiliados-api

FROM debian:12.12-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 afiliados \
    && useradd --system --uid 10001 --gid afiliados --home-dir /app --create-home --shell /usr/sbin/nologin afiliados
WORKDIR /app
COPY --from=builder /out/afiliados-api /usr/local/bin/afiliados-api
# Runtime configuration comes from the environment (secrets from the secret manager, never baked in).
ENV APP_ENV=production \
    LOG_FORMAT=json \
    API_HOST=0.0.0.0 \
    PORT=8080
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/api/v1/health > /dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/afiliados-api"]
CMD ["serve"]
