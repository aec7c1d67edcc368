//! The deployment and monitoring files are true (ADR 0062).
//!
//! - Every Dockerfile's `cargo build` names a real workspace package, the binary it installs is one
//!   that package builds, its features exist and are never test-only, and every base image is
//!   pinned to an exact version: a clean checkout builds the image (no Docker daemon here, so the
//!   command is checked, and `docs/deployment.md` gives the exact build commands).
//! - `scripts/check-deploy.sh` passes: promtool (rules, their unit tests, the scrape config),
//!   amtool (Alertmanager config and routes), actionlint (workflows), kustomize output against the
//!   Kubernetes schemas, and the structure of the compose files and manifests.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One workspace package: its binaries and features.
#[derive(Debug, Default)]
struct Package {
    bins: BTreeSet<String>,
    features: BTreeSet<String>,
}

/// Reads `crates/*/Cargo.toml` and `services/*/Cargo.toml` (the workspace members) line by line:
/// `[package] name`, `[[bin]] name` (or the package name when `src/main.rs` exists), `[features]`.
fn packages() -> BTreeMap<String, Package> {
    let mut packages = BTreeMap::new();
    for dir in ["crates", "services"] {
        for entry in
            fs::read_dir(root().join(dir)).unwrap_or_else(|e| panic!("workspace directory: {e:?}"))
        {
            let path = entry.unwrap_or_else(|e| panic!("entry: {e:?}")).path();
            let Ok(manifest) = fs::read_to_string(path.join("Cargo.toml")) else {
                continue;
            };
            let mut name = None;
            let mut package = Package::default();
            let mut section = String::new();
            for line in manifest.lines().map(str::trim) {
                if line.starts_with('[') {
                    section = line.to_owned();
                    continue;
                }
                let Some((key, value)) = line.split_once('=') else {
                    continue;
                };
                let (key, value) = (key.trim(), value.trim().trim_matches('"'));
                match section.as_str() {
                    "[package]" if key == "name" => name = Some(value.to_owned()),
                    "[[bin]]" if key == "name" => {
                        package.bins.insert(value.to_owned());
                    }
                    "[features]" if !key.starts_with('#') => {
                        package.features.insert(key.to_owned());
                    }
                    _ => {}
                }
            }
            let name = name.unwrap_or_else(|| panic!("a [package] name"));
            if path.join("src/main.rs").exists() {
                package.bins.insert(name.clone());
            }
            packages.insert(name, package);
        }
    }
    packages
}

fn dockerfiles() -> Vec<(String, String)> {
    let mut files: Vec<_> = fs::read_dir(root().join("infrastructure/docker"))
        .unwrap_or_else(|e| panic!("infrastructure/docker: {e:?}"))
        .map(|e| e.unwrap_or_else(|e| panic!("entry: {e:?}")).path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("Dockerfile: {e:?}"));
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

/// The problems of one Dockerfile against the workspace.
fn dockerfile_problems(
    name: &str,
    text: &str,
    packages: &BTreeMap<String, Package>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let build = regex::Regex::new(
        r"cargo build --release --locked -p (\S+)((?: --features \S+)?)((?: --bin \S+)?)",
    )
    .unwrap_or_else(|e| panic!("regex: {e:?}"));
    let Some(captures) = build.captures(text) else {
        return vec![format!(
            "{name}: no `cargo build --release --locked -p <package>`"
        )];
    };
    let package_name = &captures[1];
    let Some(package) = packages.get(package_name) else {
        return vec![format!(
            "{name}: package {package_name} is not in the workspace"
        )];
    };
    for feature in captures[2]
        .trim()
        .trim_start_matches("--features")
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        if !package.features.contains(feature) {
            problems.push(format!("{name}: {package_name} has no feature {feature}"));
        }
        if feature.contains("test") {
            problems.push(format!(
                "{name}: the image enables the test-only feature {feature}"
            ));
        }
    }
    let installed = regex::Regex::new(r"target/release/(\S+) /out/(\S+)")
        .unwrap_or_else(|e| panic!("regex: {e:?}"));
    match installed.captures(text) {
        Some(c) if package.bins.contains(&c[1]) => {
            if !text.contains(&format!("ENTRYPOINT [\"/usr/local/bin/{}\"]", &c[2])) {
                problems.push(format!(
                    "{name}: the entrypoint is not the installed {}",
                    &c[2]
                ));
            }
        }
        Some(c) => problems.push(format!(
            "{name}: {package_name} builds no binary {} (it builds {:?})",
            &c[1], package.bins
        )),
        None => problems.push(format!("{name}: installs no target/release binary")),
    }
    let pinned =
        regex::Regex::new(r"^v?\d+\.\d+[\w.\-]*$").unwrap_or_else(|e| panic!("regex: {e:?}"));
    let args: BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("ARG "))
        .filter_map(|l| l.split_once('='))
        .collect();
    for from in text.lines().filter_map(|l| l.strip_prefix("FROM ")) {
        let image = from.split_whitespace().next().unwrap_or_default();
        let mut image = image.to_owned();
        for (arg, value) in &args {
            image = image.replace(&format!("${{{arg}}}"), value);
        }
        let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("latest");
        if !(pinned.is_match(tag) || image.contains("@sha256:")) {
            problems.push(format!(
                "{name}: base image {image} is not pinned to an exact version"
            ));
        }
    }
    problems
}

#[test]
fn every_dockerfile_builds_a_real_package_and_binary_from_pinned_images() {
    let packages = packages();
    let files = dockerfiles();
    assert!(files.len() >= 3, "{files:?}");
    let problems: Vec<String> = files
        .iter()
        .flat_map(|(name, text)| dockerfile_problems(name, text, &packages))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for service in ["api", "web", "worker"] {
        let (_, text) = files
            .iter()
            .find(|(name, _)| name == &format!("{service}.Dockerfile"))
            .unwrap_or_else(|| panic!("one Dockerfile per service"));
        assert!(
            text.contains(&format!("-p afiliados-{service}")),
            "{service}"
        );
    }
}

#[test]
fn the_dockerfile_check_sees_a_wrong_package_binary_feature_or_tag() {
    let packages = packages();
    let (_, api) = dockerfiles()
        .into_iter()
        .find(|(name, _)| name == "api.Dockerfile")
        .unwrap_or_else(|| panic!("api.Dockerfile"));
    for (broken, expected) in [
        (
            api.replace("-p afiliados-api", "-p afiliados-apl"),
            "not in the workspace",
        ),
        (
            api.replace(
                "target/release/afiliados-api /out",
                "target/release/api /out",
            ),
            "builds no binary",
        ),
        (
            api.replace(
                "-p afiliados-api",
                "-p afiliados-api --features test-support",
            ),
            "test-only",
        ),
        (
            api.replace("-p afiliados-api", "-p afiliados-api --features gold"),
            "no feature gold",
        ),
        (
            api.replace("ARG RUST_VERSION=1.95.0", "ARG RUST_VERSION=1"),
            "not pinned",
        ),
        (
            api.replace("debian:12.12-slim", "debian:bookworm-slim"),
            "not pinned",
        ),
    ] {
        let problems = dockerfile_problems("api.Dockerfile", &broken, &packages);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
}

#[test]
fn deployment_and_monitoring_checks_pass() {
    let output = Command::new("bash")
        .arg(root().join("scripts/check-deploy.sh"))
        .output()
        .unwrap_or_else(|e| panic!("bash runs: {e:?}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
}
