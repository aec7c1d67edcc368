//! Every environment variable the code reads is documented.
//!
//! Scans the `src/` directory of every package under `crates/` and `services/` for names read through
//! our reader (`var("X")`, `var_or("X", …)`, `var_or_empty("X", …)`, `required_var("X")`,
//! `var_parsed("X", …)`, `var_bool("X", …)`, `secret("X", …)`, the level variable given to
//! `TelemetryConfig::from_env`) or
//! straight from the process (`std::env::var("X")`, `env::var_os("X")`), and fails listing every
//! name that is not documented as `NAME=` (or commented `# NAME=`) at the start of a line in
//! `.env.shared` or in one of `services/*/.env.example`.
//!
//! Code after the first `#[cfg(test)]` of a file (its unit-test module) is not scanned.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

const READER: &str = r#"\b(?:var|var_or|var_or_empty|required_var|var_parsed|var_bool|secret|var_os|trusted_proxies|memory_slots)\s*(?:::<[^>]*>)?\(\s*"([A-Z][A-Z0-9_]*)""#;

/// Variables set by the platform rather than by us.
const NOT_OURS: &[&str] = &["CI"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The `src/` directories of every package under `crates/` and `services/`.
fn source_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for group in ["crates", "services"] {
        let Ok(entries) = fs::read_dir(root.join(group)) else {
            continue;
        };
        for entry in entries.flatten() {
            let src = entry.path().join("src");
            if src.is_dir() {
                dirs.push(src);
            }
        }
    }
    dirs.sort();
    dirs
}

/// Names read by the code, each with the files that read it.
fn names_read(root: &Path) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let reader = Regex::new(READER)?;
    let telemetry =
        Regex::new(r#"TelemetryConfig::from_env\([^;]*?"([A-Z][A-Z0-9_]*)"\s*,?\s*\)"#)?;
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for dir in source_dirs(root) {
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        for file in files {
            let text = fs::read_to_string(&file)?;
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            for regex in [&reader, &telemetry] {
                for capture in regex.captures_iter(code) {
                    found
                        .entry(capture[1].to_owned())
                        .or_default()
                        .insert(shown.clone());
                }
            }
        }
    }
    Ok(found)
}

/// Names documented as `NAME=` or `# NAME=` at a line start, and the files that were read.
fn names_documented(root: &Path) -> Result<(BTreeSet<String>, Vec<String>)> {
    let line = Regex::new(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=")?;
    let mut files = vec![root.join(".env.shared")];
    if let Ok(entries) = fs::read_dir(root.join("services")) {
        let mut examples: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path().join(".env.example"))
            .collect();
        examples.sort();
        files.extend(examples);
    }
    let mut names = BTreeSet::new();
    let mut read = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        read.push(
            file.strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string(),
        );
        for text_line in text.lines() {
            if let Some(capture) = line.captures(text_line) {
                names.insert(capture[1].to_owned());
            }
        }
    }
    Ok((names, read))
}

#[test]
fn every_environment_variable_read_by_the_code_is_documented() -> Result<()> {
    let root = workspace_root();
    let read = names_read(&root)?;
    assert!(
        read.contains_key("DATABASE_URL"),
        "the scan found nothing; is the workspace layout unchanged?"
    );
    let (documented, files) = names_documented(&root)?;
    let note = if files.iter().any(|file| file == ".env.shared") {
        String::new()
    } else {
        "\n(.env.shared is missing at the workspace root)".to_owned()
    };

    let missing: Vec<String> = read
        .iter()
        .filter(|(name, _)| !documented.contains(*name) && !NOT_OURS.contains(&name.as_str()))
        .map(|(name, readers)| {
            format!(
                "  {name} (read in {})",
                readers.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} environment variable(s) are read by the code but not documented as `NAME=` in .env.shared or \
         services/*/.env.example (found: [{}]):\n{}{note}",
        missing.len(),
        files.join(", "),
        missing.join("\n")
    );
    Ok(())
}

#[test]
fn the_scanner_recognises_every_reader_form() -> Result<()> {
    let reader = Regex::new(READER)?;
    let sample = r#"
        env.var("A_ONE"); env.var_or("B_TWO", "x"); env.required_var("C3");
        env.var_parsed("D_FOUR", 8080); env.var_parsed::<u16>("D_FIVE", 1); env.var_bool("E", true);
        env.secret("F_KEY", 32, None); std::env::var("G_RAW"); std::env::var_os("H_OS");
        env.var(
            "I_WRAPPED",
        );
        env.var(name); some_var("lowercase");
    "#;
    let names: Vec<&str> = reader
        .captures_iter(sample)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "A_ONE",
            "B_TWO",
            "C3",
            "D_FOUR",
            "D_FIVE",
            "E",
            "F_KEY",
            "G_RAW",
            "H_OS",
            "I_WRAPPED"
        ]
    );
    Ok(())
}
