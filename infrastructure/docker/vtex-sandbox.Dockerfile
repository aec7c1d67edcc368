# syntax=docker/dockerfile:1.7
# Image of the VTEX sandbox (the dev compose stack only; never deployed). Build from the workspace root:
#   docker build -f infrastructure/docker/vtex-sandbox.Dockerfile -t marketing-afiliados/vtex-sandbox:$(git rev-parse --short HEAD) .
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
    cargo build --release --locked -p afiliados-vtex-sandbox --bin afiliados-vtex-sandbox \
    && install -D -m 0755 target/release/afiliados-vtex-sandbox /out/afiliados-vtex-sandbox

FROM debian:12.12-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 afiliados \
    && useradd --system --uid 10001 --gid afiliados --home-dir /app --create-home --shell /usr/sbin/nologin afiliados
WORKDIR /app
COPY --from=builder /out/afiliados-vtex-sandbox /usr/local/bin/afiliados-vtex-sandbox
# Runtime configuration comes from the environment (secrets from the secret manager, never baked in).
ENV APP_ENV=development \
    VTEX_SANDBOX_HOST=0.0.0.0 \
    VTEX_SANDBOX_PORT=4710
USER 10001:10001
EXPOSE 4710
ENTRYPOINT ["/usr/local/bin/afiliados-vtex-sandbox"]
