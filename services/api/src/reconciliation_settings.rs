//! Settings of the reconciliation engine (`domain.md` §5.16, `vtex.md` §6).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `RECONCILIATION_TOLERANCE_PERCENT` | `1.00` | two amounts differ only beyond this percent (and beyond one peso) |
//! | `VTEX_RECONCILIATION_PAGE_SIZE` | `100` | the `per_page` the worker lists VTEX orders with (1–100); the api hands it over in `GET /internal/v1/reconciliations/{id}` |
//! | `RECONCILIATION_DEEP_CHECK_SAMPLE_PERCENT` | `1.00` | share (0–100, two decimals) of the attributed equal orders VTEX lists at the version the platform already ingested that are deep-checked anyway (ADR 0072; `100` checks every one) |
//! | `RECONCILIATION_ESCALATION_DAYS` | `3` | an `open` discrepancy first detected more than this many days before the escalation tick is escalated to every AD (1–365) |

use afiliados_config::Env;
use rust_decimal::Decimal;

/// The reconciliation section of the api's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconciliationSettings {
    /// Percent (0–100, two decimals) stored on each run when it starts.
    pub tolerance_percent: Decimal,
    /// VTEX list page size (1–100).
    pub page_size: u32,
    /// Days an `open` discrepancy may wait before it is escalated (1–365).
    pub escalation_days: u32,
    /// Percent (0–100, two decimals) of the same-version attributed equal orders the deep check
    /// samples (ADR 0072): orders whose VTEX `lastChange` differs from the ingested one are
    /// always checked.
    pub deep_check_sample_percent: Decimal,
}

impl Default for ReconciliationSettings {
    fn default() -> ReconciliationSettings {
        ReconciliationSettings {
            tolerance_percent: Decimal::new(100, 2),
            page_size: 100,
            escalation_days: 3,
            deep_check_sample_percent: Decimal::new(100, 2),
        }
    }
}

impl ReconciliationSettings {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> ReconciliationSettings {
        let defaults = ReconciliationSettings::default();
        let tolerance_percent = percent(
            env,
            "RECONCILIATION_TOLERANCE_PERCENT",
            defaults.tolerance_percent,
        );
        let deep_check_sample_percent = percent(
            env,
            "RECONCILIATION_DEEP_CHECK_SAMPLE_PERCENT",
            defaults.deep_check_sample_percent,
        );
        let page_size: u32 = env.var_parsed("VTEX_RECONCILIATION_PAGE_SIZE", 100);
        if !(1..=100).contains(&page_size) {
            env.problem("VTEX_RECONCILIATION_PAGE_SIZE must be between 1 and 100");
        }
        let escalation_days: u32 = env.var_parsed("RECONCILIATION_ESCALATION_DAYS", 3);
        if !(1..=365).contains(&escalation_days) {
            env.problem("RECONCILIATION_ESCALATION_DAYS must be between 1 and 365");
        }
        ReconciliationSettings {
            tolerance_percent,
            page_size: page_size.clamp(1, 100),
            escalation_days: escalation_days.clamp(1, 365),
            deep_check_sample_percent,
        }
    }

    /// The deep-check sample in hundredths of a percent (0–10 000), as the comparison's SQL
    /// draws it.
    pub fn deep_check_sample_basis_points(&self) -> i32 {
        (self.deep_check_sample_percent * Decimal::ONE_HUNDRED)
            .round()
            .try_into()
            .unwrap_or(10_000)
    }
}

/// A percent between 0 and 100 with at most two decimals, or `default` and a problem.
fn percent(env: &mut Env, name: &str, default: Decimal) -> Decimal {
    let raw = env.var_or(name, &default.to_string());
    match raw.trim().parse::<Decimal>() {
        Ok(value)
            if value >= Decimal::ZERO && value <= Decimal::ONE_HUNDRED && value.scale() <= 2 =>
        {
            value
        }
        _ => {
            env.problem(format!(
                "{name} must be a percent between 0 and 100 with at most two decimals"
            ));
            default
        }
    }
}
