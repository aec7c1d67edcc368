//! Keeping failed sign-ins from growing storage without bound (ADR 0021).
//!
//! - A failure (or the lock it sets) against an e-mail with **no account** is itemised in the
//!   audit log only up to [`ITEMIZED_PER_DAY`] a tenant and Bogota day; past the cap it is
//!   counted in `sign_in_failure_tallies` ([`itemize`]). Failures against real accounts are
//!   always itemised: the lockout bounds them per account and they are evidence about a person.
//! - The daily maintenance ([`retain`]) turns every complete day whose tally counted something
//!   into one `auth.login_failures_summarized` audit row, and deletes `login_attempts` counters
//!   idle for [`COUNTER_RETENTION_DAYS`] that hold no running lock.
//!
//! The audit log itself is never pruned: it is append-only (domain.md §1).

use afiliados_db::AsyncPgConnection;
use afiliados_db::sign_in_failure_tallies::Refusal;
use chrono::{Duration, NaiveDate};
use serde_json::json;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Audit rows a tenant gets per day for refusals of e-mails with no account.
pub const ITEMIZED_PER_DAY: i32 = 100;

/// Days a sign-in failure counter is kept after its last failure.
pub const COUNTER_RETENTION_DAYS: i64 = 30;

/// The actor of the summary rows.
const ACTOR: &str = "system:daily_maintenance";

/// Counts a refusal of an e-mail with no account for today; `true` when its audit row is to be
/// written, `false` when it is only counted (the day's cap is reached).
pub async fn itemize(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    refusal: Refusal,
) -> Result<bool, UseCaseError> {
    Ok(afiliados_db::sign_in_failure_tallies::count(
        tx,
        ctx.tenant_id,
        ctx.today(),
        refusal,
        ITEMIZED_PER_DAY,
    )
    .await?)
}

/// What [`retain`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retained {
    /// `login_attempts` counters deleted.
    pub counters_pruned: u64,
    /// Days summarised into one audit row each.
    pub days_summarized: u64,
}

/// The maintenance step for `date`: summarises the tallies of the days before it and prunes the
/// idle counters (idle since before the context's now minus [`COUNTER_RETENTION_DAYS`]).
#[tracing::instrument(skip_all, fields(maintenance.date = %date))]
pub async fn retain(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    date: NaiveDate,
) -> Result<Retained, UseCaseError> {
    let mut retained = Retained::default();
    for tally in afiliados_db::sign_in_failure_tallies::take_before(tx, ctx.tenant_id, date).await?
    {
        if tally.failures == 0 && tally.locks == 0 {
            continue;
        }
        let mut event = AuditEvent::new(
            "auth.login_failures_summarized",
            "sign_in_failures",
            tally.day,
        );
        event.after = Some(json!({
            "day": tally.day,
            "itemized": tally.itemized,
            "failures": tally.failures,
            "locks": tally.locks,
        }));
        audit::record(tx, ctx.tenant_id, &AuditActor::System(ACTOR), event).await?;
        retained.days_summarized += 1;
    }
    let now = ctx.now();
    let idle_before = now - Duration::days(COUNTER_RETENTION_DAYS);
    let pruned = afiliados_db::login_attempts::prune(tx, idle_before, now).await?;
    retained.counters_pruned = u64::try_from(pruned).unwrap_or(u64::MAX);
    Ok(retained)
}
