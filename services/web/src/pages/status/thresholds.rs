//! The thresholds of `docs/status-thresholds.md`, for the badges' titles. The api decides the
//! levels with its own constants; these only tell the reader where amber and red start. The test
//! reads the document's table so the page cannot drift from it.

/// One measure: at or above `amber` is amber, at or above `red` is red.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Threshold {
    pub(crate) measure: &'static str,
    pub(crate) amber: i64,
    pub(crate) red: i64,
}

const fn threshold(measure: &'static str, amber: i64, red: i64) -> Threshold {
    Threshold {
        measure,
        amber,
        red,
    }
}

pub(crate) const INGEST_LAG_P95_SECONDS: Threshold = threshold("ingest_lag_p95_seconds", 60, 300);
pub(crate) const DELIVERIES_FAILED_24H: Threshold = threshold("deliveries_failed_24h", 1, 10);
pub(crate) const DELIVERIES_PENDING: Threshold = threshold("deliveries_pending", 50, 500);
pub(crate) const RECONCILIATION_AGE_HOURS: Threshold =
    threshold("reconciliation_age_hours", 26, 50);
pub(crate) const RECONCILIATION_UNRECONCILED_BP: Threshold =
    threshold("reconciliation_unreconciled_basis_points", 100, 500);
pub(crate) const DISCREPANCY_OLDEST_AGE_HOURS: Threshold =
    threshold("discrepancy_oldest_age_hours", 24, 72);
pub(crate) const EMAILS_OVER_30_MIN: Threshold = threshold("emails_over_30_min", 1, 10);
pub(crate) const BACKUP_AGE_HOURS: Threshold = threshold("backup_age_hours", 26, 50);

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = include_str!("../../../../../docs/status-thresholds.md");

    #[test]
    fn the_titles_use_the_documented_thresholds() {
        let documented: Vec<Threshold> = DOCUMENT
            .lines()
            .filter(|line| line.starts_with("| `"))
            .map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let measure = cells[1].trim_matches('`');
                let known = [
                    INGEST_LAG_P95_SECONDS,
                    DELIVERIES_FAILED_24H,
                    DELIVERIES_PENDING,
                    RECONCILIATION_AGE_HOURS,
                    RECONCILIATION_UNRECONCILED_BP,
                    DISCREPANCY_OLDEST_AGE_HOURS,
                    EMAILS_OVER_30_MIN,
                    BACKUP_AGE_HOURS,
                ];
                let mine = known
                    .into_iter()
                    .find(|t| t.measure == measure)
                    .unwrap_or_else(|| panic!("the page lacks {measure}"));
                assert_eq!(
                    (
                        cells[3].parse::<i64>().unwrap(),
                        cells[4].parse::<i64>().unwrap()
                    ),
                    (mine.amber, mine.red),
                    "{measure}"
                );
                mine
            })
            .collect();
        assert_eq!(documented.len(), 8);
    }
}
