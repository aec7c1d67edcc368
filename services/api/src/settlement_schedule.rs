//! When the next scheduled settlement runs, for the finance dashboard (`domain.md` §6.3
//! `settlement.nextRunAt` and `commissions.dueNextSettlement`). The worker ticks the schedule;
//! the api reads the same `SETTLEMENT_CRON` (six fields, seconds first, `America/Bogota`; empty
//! disables it) only to say when that tick comes. Same default and same reading as the worker's
//! `schedules.rs` (ADR 0049), so both sides agree on the instant.
//!
//! | variable | default |
//! |---|---|
//! | `SETTLEMENT_CRON` | `0 0 2 1,16 * *` (02:00 Bogota on days 1 and 16) |

use std::str::FromStr as _;

use afiliados_config::Env;
use afiliados_domain::business_date::BOGOTA;
use chrono::{DateTime, Utc};

/// `SETTLEMENT_CRON`'s default, as the worker's.
pub const SETTLEMENT_DEFAULT: &str = "0 0 2 1,16 * *";

/// The parsed settlement schedule.
#[derive(Debug, Clone)]
pub struct SettlementSchedule {
    schedule: cron::Schedule,
}

impl SettlementSchedule {
    /// Parses a six-field expression (five- or seven-field forms are refused, as by the worker).
    pub fn parse(expression: &str) -> Result<SettlementSchedule, String> {
        let expression = expression.split_whitespace().collect::<Vec<_>>().join(" ");
        let fields = expression.split(' ').count();
        if fields != 6 {
            return Err(format!(
                "it has {fields} fields, six are expected (seconds first)"
            ));
        }
        let schedule = cron::Schedule::from_str(&expression).map_err(|error| error.to_string())?;
        Ok(SettlementSchedule { schedule })
    }

    /// `SETTLEMENT_CRON` (`None`: disabled); an invalid value is a start-up problem.
    pub fn from_env(env: &mut Env) -> Option<SettlementSchedule> {
        let raw = env.var_or_empty("SETTLEMENT_CRON", SETTLEMENT_DEFAULT);
        if raw.is_empty() {
            return None;
        }
        match SettlementSchedule::parse(&raw) {
            Ok(schedule) => Some(schedule),
            Err(reason) => {
                env.problem(format!(
                    "SETTLEMENT_CRON={raw:?} is not a six-field cron expression: {reason}"
                ));
                None
            }
        }
    }

    /// The default schedule (tests).
    pub fn default_schedule() -> Option<SettlementSchedule> {
        SettlementSchedule::parse(SETTLEMENT_DEFAULT).ok()
    }

    /// The first tick strictly after `instant`, on Bogota's clock.
    pub fn next_after(&self, instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule
            .after(&instant.with_timezone(&BOGOTA))
            .next()
            .map(|tick| tick.with_timezone(&Utc))
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

    #[test]
    fn the_default_ticks_at_two_bogota_on_days_1_and_16() {
        let schedule = SettlementSchedule::default_schedule().unwrap();
        assert_eq!(
            schedule.next_after(at("2026-03-15T17:00:00Z")),
            Some(at("2026-03-16T07:00:00Z"))
        );
        // 2026-03-31 23:30 Bogota is already the 1st in UTC: still the 1st's 02:00 Bogota tick.
        assert_eq!(
            schedule.next_after(at("2026-04-01T04:30:00Z")),
            Some(at("2026-04-01T07:00:00Z"))
        );
    }

    #[test]
    fn empty_disables_and_a_bad_expression_is_a_start_up_problem() {
        let mut env = Env::with_lookup(|name| (name == "SETTLEMENT_CRON").then(String::new));
        assert!(SettlementSchedule::from_env(&mut env).is_none());
        assert!(env.finish().is_ok());
        let mut env =
            Env::with_lookup(|name| (name == "SETTLEMENT_CRON").then(|| "0 2 1 * *".to_owned()));
        assert!(SettlementSchedule::from_env(&mut env).is_none());
        assert!(env.finish().is_err());
    }
}
