//! Reconciliation against VTEX (`domain.md` §4.9, §5.16): the vocabularies of runs and
//! discrepancies, the tolerance rule that decides whether two amounts differ, and the status
//! comparison of class B. Pure functions: the api classifies with them, the tests use the spec's
//! own numbers.

use rust_decimal::Decimal;

use crate::commission::{OrderStatus, vtex_state::map_raw_state};
use crate::text_enum::text_enum;

text_enum! {
    /// `reconciliation_runs.type`.
    pub enum ReconciliationType {
        /// The previous Bogota day (03:00).
        Daily = "daily",
        /// The closed half-month (days 1 and 16, 03:30).
        Fortnightly = "fortnightly",
        /// Any range up to 31 days, on demand.
        Adhoc = "adhoc",
    }
}

impl ReconciliationType {
    /// The `type` label of the reconciliation gauges (`api.md` §19: `adhoc` is exported as
    /// `manual`).
    pub fn metric_label(self) -> &'static str {
        match self {
            ReconciliationType::Daily => "daily",
            ReconciliationType::Fortnightly => "fortnightly",
            ReconciliationType::Adhoc => "manual",
        }
    }
}

text_enum! {
    /// `reconciliation_runs.source`.
    pub enum ReconciliationSource {
        /// The worker's cron.
        Scheduled = "scheduled",
        /// `POST /vtex/reconciliations/run`.
        ManualRun = "manual_run",
        /// `POST /vtex/reconciliations` (done elsewhere, recorded here).
        ManualRecord = "manual_record",
    }
}

text_enum! {
    /// `reconciliation_runs.status` (§4.9).
    pub enum ReconciliationStatus {
        /// Listing and comparing.
        Running = "running",
        /// Finished with no discrepancy.
        Success = "success",
        /// Finished with at least one discrepancy, whatever its class or resolution.
        Warning = "warning",
        /// Could not finish; keeps what it found so far.
        Failed = "failed",
    }
}

text_enum! {
    /// `reconciliation_discrepancies.class` (§5.16.2).
    pub enum DiscrepancyClass {
        /// Missing in the platform.
        A = "A",
        /// Status divergence.
        B = "B",
        /// Amount difference beyond the tolerance.
        C = "C",
        /// Unrecognised coupon.
        D = "D",
        /// Missing in VTEX.
        E = "E",
    }
}

text_enum! {
    /// `reconciliation_discrepancies.status` (§4.9).
    pub enum DiscrepancyStatus {
        /// Waiting for a person (D, E, or an auto-resolution that failed).
        Open = "open",
        /// A re-fetch and ingest is on its way.
        Resolving = "resolving",
        /// The order matches VTEX now (final).
        Resolved = "resolved",
        /// Accepted with a justification (final).
        Accepted = "accepted",
    }
}

impl DiscrepancyStatus {
    /// `open` and `resolving` are live: at most one per order and class.
    pub fn is_live(self) -> bool {
        matches!(self, DiscrepancyStatus::Open | DiscrepancyStatus::Resolving)
    }
}

text_enum! {
    /// `reconciliation_discrepancies.resolution`.
    pub enum DiscrepancyResolution {
        /// The automatic re-ingestion made the order match.
        Auto = "auto",
        /// A manual reprocess made it match.
        Reprocessed = "reprocessed",
        /// Accepted with a justification.
        Accepted = "accepted",
        /// A later run no longer found the difference.
        Vanished = "vanished",
    }
}

/// The tolerance of §5.16.2: with platform value `p` and VTEX value `v`, the two differ when
/// `|p − v| > 1.00` **and** `|p − v| / |v| > tolerance_percent / 100`; when `v = 0`, any
/// `|p| > 1.00` differs. The one-peso floor keeps rounding noise on small commissions quiet.
pub fn amounts_differ(platform: Decimal, vtex: Decimal, tolerance_percent: Decimal) -> bool {
    let difference = (platform - vtex).abs();
    if difference <= Decimal::ONE {
        return false;
    }
    if vtex.is_zero() {
        return platform.abs() > Decimal::ONE;
    }
    difference * Decimal::ONE_HUNDRED / vtex.abs() > tolerance_percent
}

/// `|p − v| / |v| × 100` rounded to 2 decimals, for the discrepancy's `ratioPercent` (`None` when
/// `v = 0`).
pub fn difference_ratio_percent(platform: Decimal, vtex: Decimal) -> Option<Decimal> {
    if vtex.is_zero() {
        return None;
    }
    Some(((platform - vtex).abs() * Decimal::ONE_HUNDRED / vtex.abs()).round_dp(2))
}

/// How a platform status compares with a VTEX raw status for class B (§5.16.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusComparison {
    /// Same status once `shipped` and `returned` compare as `invoiced`.
    Same,
    /// A mapped VTEX status that differs: auto-resolvable by a re-ingest.
    Differs(OrderStatus),
    /// The VTEX state is not in the mapping table: class B, not auto-resolvable.
    Unmapped,
}

/// Compares the platform's status with VTEX's raw list status. The list carries no packages, so
/// `shipped` and `returned` (tracking and return invoices) compare as `invoiced`; partial returns
/// never show in a status.
pub fn compare_status(platform: OrderStatus, vtex_raw: &str) -> StatusComparison {
    let Some(vtex) = map_raw_state(vtex_raw) else {
        return StatusComparison::Unmapped;
    };
    let comparable = |status: OrderStatus| match status {
        OrderStatus::Shipped | OrderStatus::Returned => OrderStatus::Invoiced,
        other => other,
    };
    if comparable(platform) == comparable(vtex) {
        StatusComparison::Same
    } else {
        StatusComparison::Differs(vtex)
    }
}

/// `auto_reconciled_ratio = (orders compared − pending manual) / orders compared`, 4 decimals
/// (§5.16.3); `None` when nothing was compared.
pub fn auto_reconciled_ratio(orders_compared: u64, pending_manual: u64) -> Option<Decimal> {
    if orders_compared == 0 {
        return None;
    }
    let settled = orders_compared.saturating_sub(pending_manual);
    Some((Decimal::from(settled) / Decimal::from(orders_compared)).round_dp(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(raw: &str) -> Decimal {
        raw.parse().expect("a decimal")
    }

    fn one_percent() -> Decimal {
        d("1.00")
    }

    #[test]
    fn the_spec_tolerance_examples() {
        // p 100 000.00, v 101 000.00 → 0.99 %, no discrepancy.
        assert!(!amounts_differ(
            d("100000.00"),
            d("101000.00"),
            one_percent()
        ));
        // v 102 000.00 → 1.96 %, class C.
        assert!(amounts_differ(
            d("100000.00"),
            d("102000.00"),
            one_percent()
        ));
        assert_eq!(
            difference_ratio_percent(d("100000.00"), d("102000.00")),
            Some(d("1.96"))
        );
        // Commission 20 223.00 vs recomputed 20 223.50 → under 1.00, no discrepancy.
        assert!(!amounts_differ(d("20223.00"), d("20223.50"), one_percent()));
        // Worked example 3: stored 399 975.70, VTEX 395 975.70 → 1.01 %, class C.
        assert!(amounts_differ(
            d("399975.70"),
            d("395975.70"),
            one_percent()
        ));
        assert_eq!(
            difference_ratio_percent(d("399975.70"), d("395975.70")),
            Some(d("1.01"))
        );
    }

    #[test]
    fn a_zero_vtex_value_differs_only_beyond_one_peso() {
        assert!(!amounts_differ(d("1.00"), d("0"), one_percent()));
        assert!(amounts_differ(d("1.01"), d("0"), one_percent()));
        assert!(amounts_differ(d("-5.00"), d("0"), one_percent()));
        assert_eq!(difference_ratio_percent(d("5"), d("0")), None);
    }

    #[test]
    fn the_one_peso_floor_holds_whatever_the_ratio() {
        // 1.00 on a 10-peso order is 10 %, but not more than one peso.
        assert!(!amounts_differ(d("11.00"), d("10.00"), one_percent()));
        assert!(amounts_differ(d("11.01"), d("10.00"), one_percent()));
    }

    #[test]
    fn exactly_the_tolerance_is_not_a_difference() {
        assert!(!amounts_differ(
            d("101000.00"),
            d("100000.00"),
            one_percent()
        ));
        assert!(amounts_differ(
            d("101000.01"),
            d("100000.00"),
            one_percent()
        ));
    }

    #[test]
    fn shipped_and_returned_compare_as_invoiced() {
        assert_eq!(
            compare_status(OrderStatus::Shipped, "invoiced"),
            StatusComparison::Same
        );
        assert_eq!(
            compare_status(OrderStatus::Returned, "invoiced"),
            StatusComparison::Same
        );
        assert_eq!(
            compare_status(OrderStatus::Paid, "handling"),
            StatusComparison::Same
        );
        // Worked example 2: platform paid, VTEX canceled → B.
        assert_eq!(
            compare_status(OrderStatus::Paid, "canceled"),
            StatusComparison::Differs(OrderStatus::Canceled)
        );
        assert_eq!(
            compare_status(OrderStatus::Paid, "some-new-state"),
            StatusComparison::Unmapped
        );
    }

    #[test]
    fn the_auto_reconciled_ratio() {
        assert_eq!(auto_reconciled_ratio(0, 0), None);
        assert_eq!(auto_reconciled_ratio(4, 1), Some(d("0.75")));
        assert_eq!(auto_reconciled_ratio(3, 1), Some(d("0.6667")));
        assert_eq!(auto_reconciled_ratio(3, 5), Some(d("0")));
    }

    #[test]
    fn adhoc_runs_are_exported_as_manual() {
        assert_eq!(ReconciliationType::Adhoc.metric_label(), "manual");
        assert_eq!(ReconciliationType::Daily.metric_label(), "daily");
    }
}
