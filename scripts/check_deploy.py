#!/usr/bin/env python3
"""Structural checks of the deployment and monitoring files (ADR 0062), run by check-deploy.sh.

  check_deploy.py strip-http-headers FILE   print a Prometheus config without `http_headers`
  check_deploy.py all RENDERED_K8S_YAML      compose, manifests, monitoring; exits 1 listing each problem
  check_deploy.py dockerfiles                only the images' Dockerfiles and .dockerignore
  check_deploy.py selftest-dockerfiles       the Dockerfile check catches broken copies of the real files

Needs PyYAML (a dependency of kubernetes-validate). Docker is not needed: compose files are parsed
and checked here instead of with `docker compose config`.
"""
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
problems = []


def problem(text):
    problems.append(text)


def load(path):
    return yaml.safe_load((ROOT / path).read_text())


# An exact version (1.2, v1.2.3, 15.10, 1.27.3-alpine) or a digest; never `latest` or a major alone.
PINNED = re.compile(r"^[^:@]+(:v?\d+\.\d+[\w.\-]*|@sha256:[0-9a-f]{64})$")


def pinned(image):
    return "${" in image or PINNED.match(image) is not None


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def check_compose():
    readme = (ROOT / "infrastructure/compose/env/README.md").read_text()
    for name in ["docker-compose.yml", "docker-compose.prod.yml"]:
        path = f"infrastructure/compose/{name}"
        compose = load(path)
        services = compose["services"]
        for sname, service in services.items():
            image = service.get("image")
            if not image:
                problem(f"{path}: {sname} has no image")
            elif not service.get("build") and not pinned(image):
                problem(f"{path}: {sname} image {image} is not pinned to an exact version")
            build = service.get("build")
            if build:
                dockerfile = ROOT / "infrastructure/compose" / build["context"] / build["dockerfile"]
                if not dockerfile.exists():
                    problem(f"{path}: {sname} builds from missing {build['dockerfile']}")
            depends = service.get("depends_on") or []
            for dep in depends if isinstance(depends, list) else depends.keys():
                if dep not in services:
                    problem(f"{path}: {sname} depends on unknown service {dep}")
            for volume in service.get("volumes") or []:
                source = volume.split(":", 1)[0]
                if source.startswith(".") and "/env/" not in source:
                    if not (ROOT / "infrastructure/compose" / source).exists():
                        problem(f"{path}: {sname} mounts missing {source}")
                elif source.startswith(".") and Path(source).name not in readme:
                    problem(f"{path}: {sname} mounts {source}, not described in env/README.md")
            for env_file in service.get("env_file") or []:
                if Path(env_file).name not in readme:
                    problem(f"{path}: {sname} reads {env_file}, not described in env/README.md")
        for required in ["api", "web", "worker", "postgres", "redis", "prometheus", "grafana", "alertmanager"]:
            if required not in services:
                problem(f"{path}: no {required} service")
        worker_env = environment(services["worker"])
        if worker_env.get("WORKER_METRICS_HOST") != "0.0.0.0":
            problem(f"{path}: the worker's metrics server must bind 0.0.0.0 in a container")
        if name == "docker-compose.yml":
            if "vtex-sandbox" not in services:
                problem(f"{path}: the dev stack has no VTEX sandbox")
            if "vtex-sandbox" not in worker_env.get("VTEX_BASE_URL", ""):
                problem(f"{path}: the dev worker does not call the sandbox")
        else:
            if services["api"].get("ports"):
                problem(f"{path}: the api's port is published")
            for sname, service in services.items():
                for port in service.get("ports") or []:
                    if sname != "ingress" and not str(port).startswith("127.0.0.1:"):
                        problem(f"{path}: {sname} publishes {port} beyond the host's loopback")
            if "/internal/" not in (ROOT / "infrastructure/compose/ingress/nginx.conf").read_text():
                problem("ingress/nginx.conf does not refuse /internal/")


def check_k8s(rendered):
    docs = [d for d in yaml.safe_load_all(Path(rendered).read_text()) if d]
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    config = by_kind["ConfigMap"]["afiliados-config"]["data"]
    expected = {"WORKER_METRICS_HOST": "0.0.0.0"}
    for key, value in expected.items():
        if config.get(key) != value:
            problem(f"ConfigMap: {key} must be {value}")
    for key in ["VTEX_ACCOUNT", "STORAGE_BACKEND", "STORAGE_S3_BUCKET", "STORAGE_S3_REGION"]:
        if not config.get(key):
            problem(f"ConfigMap: {key} is missing or empty")
    if config.get("STORAGE_BACKEND") == "local":
        problem("ConfigMap: STORAGE_BACKEND=local (replicas share no directory)")
    job = by_kind["Job"]["afiliados-migrate"]
    if job["metadata"].get("annotations", {}).get("argocd.argoproj.io/hook") != "PreSync":
        problem("migrate Job: not a PreSync hook")
    container = job["spec"]["template"]["spec"]["containers"][0]
    if any("configMapRef" in ref for ref in container.get("envFrom", [])) or any(
        "configMapKeyRef" in (e.get("valueFrom") or {}) for e in container.get("env", [])
    ):
        problem("migrate Job: reads a ConfigMap, which does not exist yet in PreSync")
    for name, deployment in by_kind["Deployment"].items():
        for c in deployment["spec"]["template"]["spec"]["containers"]:
            if not pinned(c["image"]) or c["image"].endswith(":IMAGE_TAG"):
                problem(f"Deployment {name}: image {c['image']} not pinned")
            if "readinessProbe" not in c or "livenessProbe" not in c:
                problem(f"Deployment {name}: a probe is missing")
    worker = by_kind["Deployment"]["afiliados-worker"]["spec"]["template"]["spec"]["containers"][0]
    if worker["readinessProbe"]["httpGet"]["path"] != "/ready":
        problem("worker: readiness is not /ready")
    if worker["livenessProbe"]["httpGet"]["path"] != "/health":
        problem("worker: liveness is not /health")
    for name in ["afiliados-api", "afiliados-web"]:
        if name not in by_kind.get("HorizontalPodAutoscaler", {}):
            problem(f"no HPA for {name}")
        if name not in by_kind.get("PodDisruptionBudget", {}):
            problem(f"no PodDisruptionBudget for {name}")
    policies = by_kind.get("NetworkPolicy", {})
    if "default-deny" not in policies:
        problem("no default-deny NetworkPolicy")
    for name, policy in policies.items():
        ports = [p.get("port") for rule in policy["spec"].get("egress", []) for p in rule.get("ports", [])]
        if 5432 in ports and name not in ("afiliados-api", "afiliados-worker", "afiliados-migrate"):
            problem(f"NetworkPolicy {name} lets its pods reach PostgreSQL")
    web_egress = policies["afiliados-web"]["spec"]["egress"]
    if any(5432 in [p.get("port") for p in r.get("ports", [])] for r in web_egress):
        problem("the web reaches PostgreSQL")
    ingress = by_kind["Ingress"]["afiliados"]
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            if path["path"].startswith("/internal"):
                problem("Ingress routes /internal")
            if path["path"] == "/metrics" and path["backend"]["service"]["name"] == "afiliados-web":
                problem("Ingress routes /metrics to the web")
        if not any(p["path"] == "/metrics" and p["pathType"] == "Exact" for p in rule["http"]["paths"]):
            problem("Ingress: the web's /metrics is reachable through the `/` prefix")


def check_monitoring():
    source = (ROOT / "monitoring/alertmanager/alertmanager.yml").read_text()
    if (ROOT / "infrastructure/k8s/alertmanager.yml").read_text() != source:
        problem("infrastructure/k8s/alertmanager.yml differs from monitoring/alertmanager/alertmanager.yml")
    prod = yaml.safe_load(source)
    dev = load("monitoring/alertmanager/alertmanager.dev.yml")
    if {k: v for k, v in prod.items() if k != "global"} != {k: v for k, v in dev.items() if k != "global"}:
        problem("alertmanager.dev.yml routes differently from alertmanager.yml")
    prometheus = load("monitoring/prometheus/prometheus.yml")
    api = next(j for j in prometheus["scrape_configs"] if j["job_name"] == "afiliados-api")
    if "x-metrics-key" not in (api.get("http_headers") or {}):
        problem("prometheus.yml: the api job sends no x-metrics-key")
    if not prometheus.get("alerting", {}).get("alertmanagers"):
        problem("prometheus.yml: no Alertmanager")
    # Every rule is unit-tested both firing and silent.
    alerts = [r for g in load("monitoring/prometheus/rules/afiliados.yml")["groups"] for r in g["rules"]]
    firing, silent = set(), set()
    for test_file in sorted((ROOT / "monitoring/prometheus/tests").glob("*.yml")):
        for test in yaml.safe_load(test_file.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                (firing if case.get("exp_alerts") else silent).add(case["alertname"])
    for rule in alerts:
        name = rule["alert"]
        if name not in firing:
            problem(f"rule {name} has no unit test where it fires")
        if name not in silent:
            problem(f"rule {name} has no unit test where it stays silent")
        if not {"severity", "area"} <= set(rule.get("labels", {})):
            problem(f"rule {name} lacks a severity or area label")


# ---------------------------------------------------------------------------------------------
# Images (ADR 0066). No Docker daemon here, so each Dockerfile is read instead of built: its build
# step is exactly `cargo build --release --locked -p <package> --bin <binary>` of a real workspace
# package and binary (features only real, never test-only ones, so the image builds what the test
# suites build), every base image is pinned, and the runtime stage installs every program the binary
# or the workspace crates it links spawn (`Command::new("…")`, `.command("…")`), and what the health
# check runs. With a working daemon, build them instead: the commands are in docs/deployment.md.

# The Debian package of the runtime stage that provides a program; {pg} is the PostgreSQL server's
# major version (pg_dump refuses a server newer than itself).
PROVIDERS = {
    "pg_dump": "postgresql-client-{pg}",
    "pg_restore": "postgresql-client-{pg}",
    "psql": "postgresql-client-{pg}",
    "curl": "curl",
}
SPAWN = re.compile(r'(?:Command::new|\.command)\("([\w.-]+)"\)')
BUILD = re.compile(r"cargo build --release --locked -p (\S+)((?: --features \S+)?) --bin (\S+)(?=\s|$)")


def workspace_packages():
    """name -> {dir, bins, features, deps (workspace packages it always links)}"""
    packages = {}
    for manifest in sorted([*ROOT.glob("crates/*/Cargo.toml"), *ROOT.glob("services/*/Cargo.toml")]):
        data = tomllib.loads(manifest.read_text())
        name = data["package"]["name"]
        bins = {b["name"] for b in data.get("bin", [])}
        if (manifest.parent / "src/main.rs").exists():
            bins.add(name)
        packages[name] = {
            "dir": manifest.parent,
            "bins": bins,
            "features": set(data.get("features", {})),
            # Optional dependencies (the api's test-support) are not in the image.
            "deps": {
                dep
                for dep, spec in data.get("dependencies", {}).items()
                if not (isinstance(spec, dict) and spec.get("optional"))
            },
        }
    for package in packages.values():
        package["deps"] &= set(packages)
    return packages


def spawned_programs(package_name, packages):
    """Programs the package or a workspace crate it links spawns (tests excluded)."""
    seen, todo, programs = set(), [package_name], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(packages[name]["deps"])
        for source in (packages[name]["dir"] / "src").rglob("*.rs"):
            text = source.read_text()
            # A crate's inline test module is the file's tail by convention here.
            text = text.split("#[cfg(test)]", 1)[0]
            programs.update(SPAWN.findall(text))
    return programs


def postgres_major():
    image = load("infrastructure/compose/docker-compose.prod.yml")["services"]["postgres"]["image"]
    return image.split(":", 1)[1].split(".", 1)[0]


def dockerfile_stages(text):
    """[(FROM line, [instructions])], continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    stages, args = [], {}
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("ARG ") and "=" in line and not stages:
            key, value = line[4:].split("=", 1)
            args[key.strip()] = value.strip()
        if line.startswith("FROM "):
            image = line.split()[1]
            for key, value in args.items():
                image = image.replace("${" + key + "}", value)
            stages.append((image, []))
        elif stages:
            stages[-1][1].append(line)
    return stages


def installed_packages(instructions):
    packages = set()
    for line in instructions:
        for command in re.findall(r"apt-get install ([^&;]*)", line):
            packages.update(w for w in command.split() if not w.startswith("-"))
    return packages


def dockerfile_problems(name, text, packages, pg):
    found = []
    build = BUILD.search(text)
    if not build:
        return [f"{name}: the build step is not `cargo build --release --locked -p <package> --bin <binary>`"]
    package_name, features, binary = build.group(1), build.group(2), build.group(3)
    package = packages.get(package_name)
    if package is None:
        return [f"{name}: package {package_name} is not in the workspace"]
    if binary not in package["bins"]:
        found.append(f"{name}: {package_name} builds no binary {binary} (it builds {sorted(package['bins'])})")
    for feature in filter(None, features.replace("--features", "").strip().split(",")):
        if feature not in package["features"]:
            found.append(f"{name}: {package_name} has no feature {feature}")
        if "test" in feature:
            found.append(f"{name}: the image enables the test-only feature {feature}")
    if f"target/release/{binary} " not in text:
        found.append(f"{name}: the built binary {binary} is not the one copied out of the builder")
    if f'ENTRYPOINT ["/usr/local/bin/{binary}"]' not in text:
        found.append(f"{name}: the entrypoint is not /usr/local/bin/{binary}")
    stages = dockerfile_stages(text)
    for image, _ in stages:
        if not PINNED.match(image):
            found.append(f"{name}: base image {image} is not pinned to an exact version or digest")
    if len(stages) < 2:
        return found + [f"{name}: no separate runtime stage"]
    runtime = stages[-1][1]
    installed = installed_packages(runtime)
    needed = spawned_programs(package_name, packages)
    for line in runtime:
        if line.startswith("HEALTHCHECK") and " CMD " in line:
            needed.add(line.split(" CMD ", 1)[1].split()[0])
    for program in sorted(needed):
        provider = PROVIDERS.get(program)
        if provider is None:
            found.append(f"{name}: {binary} runs {program}; add its Debian package to PROVIDERS")
        elif provider.format(pg=pg) not in installed:
            found.append(
                f"{name}: {binary} runs {program}, but the runtime stage does not install {provider.format(pg=pg)}"
            )
    if not any(line.startswith("USER ") and not line.startswith("USER root") for line in runtime):
        found.append(f"{name}: the runtime stage runs as root")
    return found


def dockerfiles():
    return {p.name: p.read_text() for p in sorted((ROOT / "infrastructure/docker").glob("*.Dockerfile"))}


def check_dockerfiles():
    packages, pg = workspace_packages(), postgres_major()
    files = dockerfiles()
    for service in ["api", "web", "worker"]:
        if f"{service}.Dockerfile" not in files:
            problem(f"infrastructure/docker: no {service}.Dockerfile")
    for name, text in files.items():
        for text_problem in dockerfile_problems(name, text, packages, pg):
            problem(text_problem)
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for entry in ["target/", "**/target/", ".git/"]:
        if entry not in ignored:
            problem(f".dockerignore does not exclude {entry}")


def selftest_dockerfiles():
    """Each broken copy of a real Dockerfile must be refused with the expected message."""
    packages, pg = workspace_packages(), postgres_major()
    files = dockerfiles()
    api, worker = files["api.Dockerfile"], files["worker.Dockerfile"]
    a, w = "api.Dockerfile", "worker.Dockerfile"
    cases = [
        (a, api.replace("-p afiliados-api", "-p afiliados-apl"), "not in the workspace"),
        (a, api.replace("--bin afiliados-api", "--bin api"), "builds no binary api"),
        (a, api.replace("--bin afiliados-api ", ""), "the build step is not"),
        (a, api.replace("--locked ", ""), "the build step is not"),
        (a, api.replace("-p afiliados-api", "-p afiliados-api --features test-support"), "test-only"),
        (a, api.replace("-p afiliados-api", "-p afiliados-api --features gold"), "no feature gold"),
        (a, api.replace("ARG RUST_VERSION=1.95.0", "ARG RUST_VERSION=1"), "not pinned"),
        (a, api.replace("debian:12.12-slim", "debian:bookworm-slim"), "not pinned"),
        (a, api.replace("ca-certificates curl tzdata", "ca-certificates tzdata"), "does not install curl"),
        (a, api.replace("USER 10001:10001", "USER root"), "runs as root"),
        (w, worker.replace("postgresql-client-" + pg, "postgresql-client-14"), "runs pg_dump"),
        (w, worker.replace("postgresql-client-" + pg, "postgresql-client"), "runs psql"),
    ]
    failures = 0
    for name, broken, expected in cases:
        found = dockerfile_problems(name, broken, packages, pg)
        if not any(expected in f for f in found):
            failures += 1
            print(f"  the check missed {expected!r}: {found}")
    for name, text in files.items():
        found = dockerfile_problems(name, text, packages, pg)
        if found:
            failures += 1
            print(f"  {name} should pass: {found}")
    return failures


def strip_http_headers(path):
    config = yaml.safe_load(Path(path).read_text())
    for job in config.get("scrape_configs", []):
        job.pop("http_headers", None)
    # Paths inside the container; the syntax check does not open them.
    print(yaml.safe_dump(config, sort_keys=False))


def main():
    if sys.argv[1] == "strip-http-headers":
        strip_http_headers(sys.argv[2])
        return 0
    if sys.argv[1] == "selftest-dockerfiles":
        return 1 if selftest_dockerfiles() else 0
    if sys.argv[1] == "dockerfiles":
        check_dockerfiles()
        for text in problems:
            print(f"  {text}")
        return 1 if problems else 0
    check_compose()
    check_k8s(sys.argv[2])
    check_monitoring()
    for text in problems:
        print(f"  {text}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
