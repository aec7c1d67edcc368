//! Every pod receives only the secrets its own process reads (issue 9 finding 2).
//!
//! Which process reads a variable is stated where it is documented: in `services/<s>/.env.example`
//! the service itself; in `.env.shared` the last `· api, worker` segment of the comment above it.
//! The Kubernetes Secrets (`infrastructure/k8s/secret.template.yaml`) and the workloads that mount
//! them (`envFrom.secretRef` in `api.yaml`, `web.yaml`, `worker.yaml`, `migrate-job.yaml`) must
//! agree: a workload mounts only its own Secrets, and the keys it receives are exactly the secret
//! variables its process reads. A variable counts as secret when some Secret holds it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const SERVICES: [&str; 3] = ["api", "web", "worker"];

/// Read by the api binary only as `afiliados-api migrate` (or with RUN_MIGRATIONS_ON_START, off in
/// the Deployment): the owner's URL goes to the migrate Job, never to the serving pods (ADR 0023).
const MIGRATION_ONLY: &str = "MIGRATION_DATABASE_URL";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `NAME` of a `NAME=` or `# NAME=` line.
fn variable(line: &str) -> Option<&str> {
    let line = line.trim_start_matches('#').trim_start();
    let (name, _) = line.split_once('=')?;
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    valid.then_some(name)
}

/// Variable → the services that read it.
fn readers() -> BTreeMap<String, BTreeSet<String>> {
    let mut readers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut last_stated = BTreeSet::new();
    for line in read(".env.shared").lines() {
        if let Some(name) = variable(line) {
            readers
                .entry(name.to_owned())
                .or_default()
                .extend(last_stated.iter().cloned());
        } else if line.starts_with('#') && line.contains(" · ") {
            let stated = line.rsplit(" · ").next().unwrap_or_default();
            last_stated = stated
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| SERVICES.contains(word))
                .map(str::to_owned)
                .collect();
        }
    }
    for service in SERVICES {
        for line in read(&format!("services/{service}/.env.example")).lines() {
            if let Some(name) = variable(line) {
                readers
                    .entry(name.to_owned())
                    .or_default()
                    .insert(service.to_owned());
            }
        }
    }
    readers
}

/// Secret name → its keys, from the template's `stringData` blocks.
fn secrets() -> BTreeMap<String, BTreeSet<String>> {
    let mut secrets = BTreeMap::new();
    for document in read("infrastructure/k8s/secret.template.yaml").split("\n---") {
        let mut name = None;
        let mut keys = BTreeSet::new();
        let mut in_data = false;
        for line in document.lines() {
            let trimmed = line.trim();
            if line.starts_with("  name: ") && name.is_none() {
                name = Some(trimmed.trim_start_matches("name: ").to_owned());
            }
            if line.starts_with("stringData:") {
                in_data = true;
                continue;
            }
            if in_data && line.starts_with("  ") && !trimmed.starts_with('#') {
                if let Some((key, _)) = trimmed.split_once(':') {
                    keys.insert(key.to_owned());
                }
            } else if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
                in_data = false;
            }
        }
        if let Some(name) = name {
            secrets.insert(name, keys);
        }
    }
    secrets
}

/// The Secrets a manifest mounts through `secretRef`.
fn mounted(manifest: &str) -> Vec<String> {
    let text = read(&format!("infrastructure/k8s/{manifest}"));
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|pair| pair[0].trim() == "- secretRef:")
        .filter_map(|pair| pair[1].trim().strip_prefix("name: ").map(str::to_owned))
        .collect()
}

#[test]
fn every_workload_receives_exactly_the_secrets_its_process_reads() {
    let readers = readers();
    let secrets = secrets();
    assert!(secrets.len() >= 4, "secrets parsed: {secrets:?}");
    let secret_variables: BTreeSet<&String> = secrets.values().flatten().collect();
    let mut problems = Vec::new();
    for variable in &secret_variables {
        if !readers.contains_key(*variable) {
            problems.push(format!("{variable} is in a Secret but documented nowhere"));
        }
    }
    for service in SERVICES {
        let names = mounted(&format!("{service}.yaml"));
        let received: BTreeSet<&String> = names
            .iter()
            .flat_map(|name| {
                secrets
                    .get(name)
                    .unwrap_or_else(|| panic!("{service} mounts unknown Secret {name}"))
            })
            .collect();
        let reads: BTreeSet<&String> = secret_variables
            .iter()
            .copied()
            .filter(|v| readers.get(*v).is_some_and(|r| r.contains(service)))
            .filter(|v| v.as_str() != MIGRATION_ONLY)
            .collect();
        for extra in received.difference(&reads) {
            problems.push(format!(
                "the {service} pod receives {extra}, which it does not read"
            ));
        }
        for missing in reads.difference(&received) {
            problems.push(format!("the {service} pod lacks {missing}, which it reads"));
        }
    }
    let migrate = mounted("migrate-job.yaml");
    let migrate_keys: BTreeSet<&String> = migrate
        .iter()
        .filter_map(|name| secrets.get(name))
        .flatten()
        .collect();
    if migrate_keys.iter().map(|k| k.as_str()).ne([MIGRATION_ONLY]) {
        problems.push(format!(
            "the migrate Job receives {migrate_keys:?}; it reads only {MIGRATION_ONLY}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_a_secret_handed_to_the_wrong_pod() {
    // The parsers read the real files: the web reads WEB_SESSION_KEY, never DATABASE_URL or
    // JWT_KEYS, so a Secret giving it those would be reported by the test above.
    let readers = readers();
    assert!(readers["WEB_SESSION_KEY"].contains("web"));
    assert!(!readers["DATABASE_URL"].contains("web"));
    assert!(!readers["JWT_KEYS"].contains("web"));
    assert!(readers["VTEX_APP_TOKEN"].contains("worker"));
    let secrets = secrets();
    assert!(secrets["afiliados-api-secrets"].contains("JWT_KEYS"));
    assert!(!secrets["afiliados-web-secrets"].contains("DATABASE_URL"));
}
