//! The schedules the cron replica ticks (`domain.md` §5.18): six-field cron expressions (seconds
//! first) read in `America/Bogota` (UTC−5, no daylight saving, so a fixed offset is exact). An
//! empty variable disables its schedule.

use std::str::FromStr as _;

use afiliados_config::Env;
use afiliados_domain::business_date::BOGOTA;
use chrono::{DateTime, Utc};

/// `DAILY_MAINTENANCE_CRON`'s default: 00:05:00 Bogota every day.
pub const DAILY_MAINTENANCE_DEFAULT: &str = "0 5 0 * * *";

/// `SETTLEMENT_CRON`'s default: 02:00:00 Bogota on days 1 and 16.
pub const SETTLEMENT_DEFAULT: &str = "0 0 2 1,16 * *";

/// `TIER_EVALUATION_CRON`'s default: 02:30:00 Bogota every day (`domain.md` §5.11).
pub const TIER_EVALUATION_DEFAULT: &str = "0 30 2 * * *";

/// `RECONCILIATION_CRON`'s default: 03:00:00 Bogota every day (the previous day's run).
pub const RECONCILIATION_DEFAULT: &str = "0 0 3 * * *";

/// `RECONCILIATION_FORTNIGHTLY_CRON`'s default: 03:30:00 Bogota on days 1 and 16 (the closed
/// half-month).
pub const RECONCILIATION_FORTNIGHTLY_DEFAULT: &str = "0 30 3 1,16 * *";

/// `ESCALATION_CRON`'s default: 09:00:00 Bogota every day (open discrepancies past their age).
pub const ESCALATION_DEFAULT: &str = "0 0 9 * * *";

/// `HEALTH_CHECK_CRON`'s default: every five minutes (the operational checks, ADR 0058).
pub const HEALTH_CHECK_DEFAULT: &str = "0 */5 * * * *";

/// `DATA_RETENTION_CRON`'s default: 04:00:00 Bogota every day (after the night's reconciliation).
pub const DATA_RETENTION_DEFAULT: &str = "0 0 4 * * *";

/// `VTEX_FEED_POLL_CRON`'s default: every two minutes (the feed backstop, `vtex.md` §7; only
/// with `VTEX_FEED_ENABLED=true`).
pub const VTEX_FEED_POLL_DEFAULT: &str = "0 */2 * * * *";

/// A parsed six-field cron expression.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    expression: String,
    schedule: cron::Schedule,
}

impl CronSchedule {
    /// Parses `sec min hour day-of-month month day-of-week`; five- or seven-field forms are
    /// refused so every schedule reads the same way.
    pub fn parse(expression: &str) -> Result<CronSchedule, String> {
        let expression = expression.split_whitespace().collect::<Vec<_>>().join(" ");
        let fields = expression.split(' ').count();
        if fields != 6 {
            return Err(format!(
                "it has {fields} fields, six are expected (seconds first)"
            ));
        }
        let schedule = cron::Schedule::from_str(&expression).map_err(|error| error.to_string())?;
        Ok(CronSchedule {
            expression,
            schedule,
        })
    }

    /// The expression as configured (whitespace normalised).
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The first tick strictly after `instant`, computed on Bogota's clock.
    pub fn next_after(&self, instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule
            .after(&instant.with_timezone(&BOGOTA))
            .next()
            .map(|tick| tick.with_timezone(&Utc))
    }
}

/// Every schedule of the worker; `None` is disabled.
#[derive(Debug, Clone, Default)]
pub struct Schedules {
    /// `DAILY_MAINTENANCE_CRON`: end expired campaigns, recompute codes, ARCO reminders, tokens.
    pub daily_maintenance: Option<CronSchedule>,
    /// `SETTLEMENT_CRON`: confirm due commissions (`domain.md` §5.12).
    pub settlement: Option<CronSchedule>,
    /// `TIER_EVALUATION_CRON`: evaluate the tiers of the campaigns due (`domain.md` §5.11).
    pub tier_evaluation: Option<CronSchedule>,
    /// `RECONCILIATION_CRON`: the daily reconciliation against VTEX (`domain.md` §5.16.1).
    pub reconciliation: Option<CronSchedule>,
    /// `RECONCILIATION_FORTNIGHTLY_CRON`: the fortnightly reconciliation.
    pub reconciliation_fortnightly: Option<CronSchedule>,
    /// `ESCALATION_CRON`: escalate old open discrepancies to the admins.
    pub escalation: Option<CronSchedule>,
    /// `HEALTH_CHECK_CRON`: queue state → `POST /internal/v1/alerts/evaluate`.
    pub health_check: Option<CronSchedule>,
    /// `DATA_RETENTION_CRON`: `POST /internal/v1/retention/run`.
    pub data_retention: Option<CronSchedule>,
    /// `VTEX_FEED_POLL_CRON`: drain the VTEX feed; `None` unless `VTEX_FEED_ENABLED=true`
    /// (see `crate::Settings`).
    pub vtex_feed_poll: Option<CronSchedule>,
}

impl Schedules {
    /// Reads every schedule variable, recording a problem for each invalid one.
    pub fn from_env(env: &mut Env) -> Schedules {
        Schedules {
            daily_maintenance: read(env, "DAILY_MAINTENANCE_CRON", DAILY_MAINTENANCE_DEFAULT),
            settlement: read(env, "SETTLEMENT_CRON", SETTLEMENT_DEFAULT),
            tier_evaluation: read(env, "TIER_EVALUATION_CRON", TIER_EVALUATION_DEFAULT),
            reconciliation: read(env, "RECONCILIATION_CRON", RECONCILIATION_DEFAULT),
            reconciliation_fortnightly: read(
                env,
                "RECONCILIATION_FORTNIGHTLY_CRON",
                RECONCILIATION_FORTNIGHTLY_DEFAULT,
            ),
            escalation: read(env, "ESCALATION_CRON", ESCALATION_DEFAULT),
            health_check: read(env, "HEALTH_CHECK_CRON", HEALTH_CHECK_DEFAULT),
            data_retention: read(env, "DATA_RETENTION_CRON", DATA_RETENTION_DEFAULT),
            vtex_feed_poll: read(env, "VTEX_FEED_POLL_CRON", VTEX_FEED_POLL_DEFAULT),
        }
    }

    /// Every schedule at its default (tests).
    pub fn defaults() -> Schedules {
        Schedules {
            daily_maintenance: CronSchedule::parse(DAILY_MAINTENANCE_DEFAULT).ok(),
            settlement: CronSchedule::parse(SETTLEMENT_DEFAULT).ok(),
            tier_evaluation: CronSchedule::parse(TIER_EVALUATION_DEFAULT).ok(),
            reconciliation: CronSchedule::parse(RECONCILIATION_DEFAULT).ok(),
            reconciliation_fortnightly: CronSchedule::parse(RECONCILIATION_FORTNIGHTLY_DEFAULT)
                .ok(),
            escalation: CronSchedule::parse(ESCALATION_DEFAULT).ok(),
            health_check: CronSchedule::parse(HEALTH_CHECK_DEFAULT).ok(),
            data_retention: CronSchedule::parse(DATA_RETENTION_DEFAULT).ok(),
            // Off by default, like `VTEX_FEED_ENABLED`.
            vtex_feed_poll: None,
        }
    }
}

fn read(env: &mut Env, name: &str, default: &str) -> Option<CronSchedule> {
    let raw = env.var_or_empty(name, default);
    if raw.is_empty() {
        return None;
    }
    match CronSchedule::parse(&raw) {
        Ok(schedule) => Some(schedule),
        Err(reason) => {
            env.problem(format!(
                "{name}={raw:?} is not a six-field cron expression: {reason}"
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn next(expression: &str, from: &str) -> Option<DateTime<Utc>> {
        CronSchedule::parse(expression).ok()?.next_after(at(from))
    }

    #[test]
    fn settlement_ticks_on_days_1_and_16_at_two_in_the_morning_bogota() {
        // 2026-03-15 12:00 Bogota → 2026-03-16 02:00 Bogota = 07:00Z (worked example 1).
        assert_eq!(
            next(SETTLEMENT_DEFAULT, "2026-03-15T17:00:00Z"),
            Some(at("2026-03-16T07:00:00Z"))
        );
        // After it, the next is 2026-04-01 02:00 Bogota (worked example 2).
        assert_eq!(
            next(SETTLEMENT_DEFAULT, "2026-03-16T07:00:00Z"),
            Some(at("2026-04-01T07:00:00Z"))
        );
        // 2026-03-31 23:30 Bogota is already 04:30Z on the 1st in UTC: still the 1st's tick.
        assert_eq!(
            next(SETTLEMENT_DEFAULT, "2026-04-01T04:30:00Z"),
            Some(at("2026-04-01T07:00:00Z"))
        );
    }

    #[test]
    fn tier_evaluation_ticks_daily_at_half_past_two_bogota() {
        // 2026-03-15 12:00 Bogota → 2026-03-16 02:30 Bogota = 07:30Z (§5.11 example 1's `E`).
        assert_eq!(
            next(TIER_EVALUATION_DEFAULT, "2026-03-15T17:00:00Z"),
            Some(at("2026-03-16T07:30:00Z"))
        );
        // Strictly after the tick: the next day's.
        assert_eq!(
            next(TIER_EVALUATION_DEFAULT, "2026-03-16T07:30:00Z"),
            Some(at("2026-03-17T07:30:00Z"))
        );
        // 2026-03-30 23:00 Bogota is already the 31st in UTC: still the 31st's tick.
        assert_eq!(
            next(TIER_EVALUATION_DEFAULT, "2026-03-31T04:00:00Z"),
            Some(at("2026-03-31T07:30:00Z"))
        );
    }

    #[test]
    fn the_daily_maintenance_ticks_at_five_past_midnight_bogota() {
        // 2026-12-01 20:00 Bogota → 2026-12-02 00:05 Bogota = 05:05Z.
        assert_eq!(
            next(DAILY_MAINTENANCE_DEFAULT, "2026-12-02T01:00:00Z"),
            Some(at("2026-12-02T05:05:00Z"))
        );
        // Just after 00:05 UTC it is still the previous evening in Bogota: same tick.
        assert_eq!(
            next(DAILY_MAINTENANCE_DEFAULT, "2026-12-02T00:06:00Z"),
            Some(at("2026-12-02T05:05:00Z"))
        );
        // Strictly after: at the tick itself, the next one is a day later.
        assert_eq!(
            next(DAILY_MAINTENANCE_DEFAULT, "2026-12-02T05:05:00Z"),
            Some(at("2026-12-03T05:05:00Z"))
        );
        // Across a month and a year end.
        assert_eq!(
            next(DAILY_MAINTENANCE_DEFAULT, "2026-12-31T23:00:00Z"),
            Some(at("2027-01-01T05:05:00Z"))
        );
    }

    #[test]
    fn other_schedules_follow_bogota_too() {
        // Settlement: 02:00 Bogota on the 1st and the 16th.
        assert_eq!(
            next("0 0 2 1,16 * *", "2026-12-02T05:05:00Z"),
            Some(at("2026-12-16T07:00:00Z"))
        );
        // Every five minutes.
        assert_eq!(
            next("0 */5 * * * *", "2026-12-02T05:06:10Z"),
            Some(at("2026-12-02T05:10:00Z"))
        );
    }

    #[test]
    fn reconciliation_and_escalation_tick_in_bogota() {
        // 2026-03-02 12:00 Bogota → 2026-03-03 03:00 Bogota = 08:00Z (the 2nd's daily run).
        assert_eq!(
            next(RECONCILIATION_DEFAULT, "2026-03-02T17:00:00Z"),
            Some(at("2026-03-03T08:00:00Z"))
        );
        // The fortnightly run: 03:30 Bogota on the 16th, then on the 1st.
        assert_eq!(
            next(RECONCILIATION_FORTNIGHTLY_DEFAULT, "2026-03-02T17:00:00Z"),
            Some(at("2026-03-16T08:30:00Z"))
        );
        assert_eq!(
            next(RECONCILIATION_FORTNIGHTLY_DEFAULT, "2026-03-16T08:30:00Z"),
            Some(at("2026-04-01T08:30:00Z"))
        );
        // Escalation at 09:00 Bogota = 14:00Z.
        assert_eq!(
            next(ESCALATION_DEFAULT, "2026-03-03T13:59:59Z"),
            Some(at("2026-03-03T14:00:00Z"))
        );
    }

    #[test]
    fn health_checks_tick_every_five_minutes_and_retention_at_four_bogota() {
        // On the minute divisible by five, whatever the hour (a fixed offset keeps minutes).
        assert_eq!(
            next(HEALTH_CHECK_DEFAULT, "2026-03-03T13:57:30Z"),
            Some(at("2026-03-03T14:00:00Z"))
        );
        // Strictly after: at a tick, the next is five minutes later.
        assert_eq!(
            next(HEALTH_CHECK_DEFAULT, "2026-03-03T14:00:00Z"),
            Some(at("2026-03-03T14:05:00Z"))
        );
        // Retention: 04:00 Bogota = 09:00Z, after the 03:00 and 03:30 reconciliations.
        assert_eq!(
            next(DATA_RETENTION_DEFAULT, "2026-03-03T08:59:59Z"),
            Some(at("2026-03-03T09:00:00Z"))
        );
        // 2026-03-02 23:00 Bogota is already the 3rd in UTC: still the 3rd's 04:00 tick.
        assert_eq!(
            next(DATA_RETENTION_DEFAULT, "2026-03-03T04:00:00Z"),
            Some(at("2026-03-03T09:00:00Z"))
        );
        assert_eq!(
            next(DATA_RETENTION_DEFAULT, "2026-03-03T09:00:00Z"),
            Some(at("2026-03-04T09:00:00Z"))
        );
    }

    #[test]
    fn an_empty_variable_disables_its_schedule_and_a_bad_one_is_a_problem() {
        let mut env = Env::with_lookup(|name| match name {
            "HEALTH_CHECK_CRON" => Some(" ".to_owned()),
            "DATA_RETENTION_CRON" => Some("0 0 4 * *".to_owned()),
            _ => None,
        });
        let schedules = Schedules::from_env(&mut env);
        assert!(schedules.health_check.is_none());
        assert!(schedules.data_retention.is_none());
        assert_eq!(
            schedules.escalation.as_ref().map(CronSchedule::expression),
            Some(ESCALATION_DEFAULT),
            "unset variables keep their default"
        );
        let problems = env
            .finish()
            .err()
            .map(|e| format!("{e:?}"))
            .unwrap_or_default();
        assert!(problems.contains("DATA_RETENTION_CRON"), "{problems}");
        assert!(!problems.contains("HEALTH_CHECK_CRON"), "{problems}");
    }

    #[test]
    fn only_six_valid_fields_parse() {
        assert!(CronSchedule::parse("5 0 * * *").is_err(), "five fields");
        assert!(
            CronSchedule::parse("0 5 0 * * * 2027").is_err(),
            "seven fields"
        );
        assert!(CronSchedule::parse("0 61 0 * * *").is_err(), "minute 61");
        let spaced = CronSchedule::parse("  0  5 0 * *   * ").map(|s| s.expression().to_owned());
        assert_eq!(spaced.as_deref(), Ok("0 5 0 * * *"));
    }
}
