//! The metric names that the Grafana dashboard (`monitoring/grafana/dashboards/*.json`) and the
//! alert rules (`monitoring/prometheus/rules/*.yml`) query, and which service serves each (ADR 0062).
//! Each service's suite scrapes its running `/metrics` and checks the names it owns, so a panel or a
//! rule over a metric nobody serves fails a test instead of showing "No data" in production.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Who serves a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    /// `GET /api/v1/metrics`.
    Api,
    /// The worker's `:9465/metrics`.
    Worker,
    /// The web's `/metrics`.
    Web,
}

/// The owner by prefix: `marketing_afiliados_worker_*` the worker, `marketing_afiliados_web_*` the
/// web, every other domain metric the api (`api.md` §20).
pub fn owner(name: &str) -> Service {
    if name.starts_with("marketing_afiliados_worker_") {
        Service::Worker
    } else if name.starts_with("marketing_afiliados_web_") {
        Service::Web
    } else {
        Service::Api
    }
}

fn monitoring_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../monitoring")
}

/// Every `marketing_afiliados_*` name in `text`, as written (histograms keep `_bucket`/`_count`).
pub fn names_in(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("marketing_afiliados_") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(tail.len());
        names.insert(tail[..end].to_owned());
        rest = &tail[end..];
    }
    names
}

/// The names queried by every dashboard and rule file.
pub fn queried_metrics() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (dir, extension) in [("grafana/dashboards", "json"), ("prometheus/rules", "yml")] {
        let dir = monitoring_dir().join(dir);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == extension) {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                names.extend(names_in(&text));
            }
        }
    }
    names
}

/// The queried names `service` owns.
pub fn queried_by(service: Service) -> BTreeSet<String> {
    queried_metrics()
        .into_iter()
        .filter(|name| owner(name) == service)
        .collect()
}

/// The problems of a scrape of `service`: names it owns that are missing, except those in
/// `awaiting` (families another branch adds), which must be missing — so the list empties itself.
pub fn problems(service: Service, scraped: &str, awaiting: &[&str]) -> Vec<String> {
    let served = names_in(scraped);
    let mut problems = Vec::new();
    for name in queried_by(service) {
        let waiting = awaiting.iter().any(|a| name.starts_with(a));
        match (served.contains(&name), waiting) {
            (false, false) => problems.push(format!("{name} is queried but not served")),
            (true, true) => problems.push(format!(
                "{name} is served now: remove it from the awaiting list"
            )),
            _ => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads_the_dashboard_and_the_rules() {
        let names = queried_metrics();
        assert!(names.contains("marketing_afiliados_webhook_events_total"));
        assert!(names.contains("marketing_afiliados_worker_backup_failures_total"));
        assert!(names.contains("marketing_afiliados_api_request_duration_seconds_bucket"));
        // The web's share, which the web's own unit test checks by name.
        assert_eq!(
            queried_by(Service::Web),
            BTreeSet::from([
                "marketing_afiliados_web_request_duration_seconds_bucket".to_owned(),
                "marketing_afiliados_web_request_duration_seconds_count".to_owned(),
            ])
        );
    }

    #[test]
    fn a_missing_family_is_reported_and_an_awaited_one_must_be_missing() {
        let scrape = "marketing_afiliados_worker_jobs_total{queue=\"x\"} 0\n";
        let missing = problems(Service::Worker, scrape, &[]);
        assert!(
            missing
                .iter()
                .any(|p| p.contains("marketing_afiliados_worker_backup_runs_total")),
            "{missing:?}"
        );
        let awaited = problems(
            Service::Worker,
            scrape,
            &["marketing_afiliados_worker_jobs_total"],
        );
        assert!(
            awaited.iter().any(|p| p.contains("served now")),
            "{awaited:?}"
        );
    }
}
