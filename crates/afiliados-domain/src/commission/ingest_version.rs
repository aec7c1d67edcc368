//! Which versions of an order ingestion applies (`domain.md` §5.6): an idempotent upsert keyed by
//! VTEX `lastChange` — older is `stale`, equal is `unchanged` unless forced, newer updates.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What ingestion does with a normalised order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestAction {
    /// First version of the order: insert, attribute, compute.
    Created,
    /// A newer version: update the order, its lines, history and commission effects.
    Updated,
    /// The same `lastChange` re-sent with `force` (reconciliation, manual reprocess): recompute.
    Forced,
    /// The same `lastChange`: nothing changes.
    Unchanged,
    /// An older `lastChange`: skipped.
    Stale,
}

impl IngestAction {
    /// Whether the version is applied.
    pub fn applies(self) -> bool {
        matches!(
            self,
            IngestAction::Created | IngestAction::Updated | IngestAction::Forced
        )
    }
}

/// The action for a version with `incoming` `lastChange`, given the stored one (`None`: new).
/// `force` re-applies an equal version only; a stale one stays stale.
pub fn ingest_action(
    stored: Option<DateTime<Utc>>,
    incoming: DateTime<Utc>,
    force: bool,
) -> IngestAction {
    match stored {
        None => IngestAction::Created,
        Some(stored) if incoming > stored => IngestAction::Updated,
        Some(stored) if incoming == stored && force => IngestAction::Forced,
        Some(stored) if incoming == stored => IngestAction::Unchanged,
        Some(_) => IngestAction::Stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commission::fixture::at;

    #[test]
    fn stale_unchanged_newer_force() {
        let stored = Some(at("2026-03-03T16:20:07.301Z"));
        assert_eq!(
            ingest_action(None, at("2026-03-03T16:20:07.301Z"), false),
            IngestAction::Created
        );
        assert_eq!(
            ingest_action(stored, at("2026-03-03T16:20:07.302Z"), false),
            IngestAction::Updated
        );
        assert_eq!(
            ingest_action(stored, at("2026-03-03T16:20:07.301Z"), false),
            IngestAction::Unchanged
        );
        assert_eq!(
            ingest_action(stored, at("2026-03-03T16:20:07.301Z"), true),
            IngestAction::Forced
        );
        assert_eq!(
            ingest_action(stored, at("2026-03-02T14:05:11Z"), false),
            IngestAction::Stale
        );
        assert_eq!(
            ingest_action(stored, at("2026-03-02T14:05:11Z"), true),
            IngestAction::Stale
        );
        assert!(IngestAction::Forced.applies());
        assert!(!IngestAction::Unchanged.applies());
        assert!(!IngestAction::Stale.applies());
        assert_eq!(serde_json::to_value(IngestAction::Stale).unwrap(), "stale");
    }
}
