//! One settlement run, in the caller's transaction (`domain.md` §5.12).

use afiliados_api_types::ErrorCode;
use afiliados_api_types::settlements::SettlementRunResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::settlement_run_items::{self, Classify};
use afiliados_db::settlement_runs::{self, NewSettlementRun};
use afiliados_domain::commission::{EvaluationPoint, check_waiting_period, evaluation_instant};
use afiliados_domain::{Actor, FieldCode, SettlementSource};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::{RUNNERS, SCHEDULE_ACTOR, report, sweep};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::problems::Problems;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who starts the run.
#[derive(Debug, Clone, Copy)]
pub enum Trigger<'a> {
    /// FI or AD through `POST /commissions/settlements/run`.
    User(&'a Actor),
    /// The worker's tick through `POST /internal/v1/settlements/run`.
    Schedule,
}

/// The run's parameters as received.
#[derive(Debug, Clone, Default)]
pub struct RunInput {
    /// `waitingPeriodDays` (0–90).
    pub waiting_period_days: Option<i64>,
    /// `evaluationDate`: an RFC 3339 instant or a date.
    pub evaluation_date: Option<String>,
    /// `dryRun`.
    pub dry_run: bool,
}

/// What a run did, for the caller's metrics.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The stored run with its lists.
    pub run: SettlementRunResponse,
    /// Influencers e-mailed a `settlement_summary`.
    pub emails: usize,
}

/// `evaluationDate` as sent: an RFC 3339 instant or a business date (also read by tier evaluation).
pub(crate) fn evaluation_point(text: &str) -> Result<EvaluationPoint, FieldCode> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(EvaluationPoint::Instant(instant.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(EvaluationPoint::Date)
        .map_err(|_| FieldCode::InvalidFormat)
}

/// `E` and the override, or every field problem.
fn validate(
    input: &RunInput,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, Option<i32>), UseCaseError> {
    let mut problems = Problems::new();
    let waiting = input
        .waiting_period_days
        .and_then(|days| problems.check("waitingPeriodDays", check_waiting_period(days)));
    let point = input
        .evaluation_date
        .as_deref()
        .and_then(|text| problems.check("evaluationDate", evaluation_point(text)));
    let evaluation = problems.check("evaluationDate", evaluation_instant(point, now));
    problems.finish()?;
    let evaluation =
        evaluation.ok_or_else(|| UseCaseError::internal("validated evaluation instant missing"))?;
    let waiting = waiting.map(|days| i32::try_from(days).unwrap_or(i32::MAX));
    Ok((evaluation, waiting))
}

/// The bound on each statement of a run (milliseconds). At 1 000 000 candidates one statement
/// (the confirmation of every commission, with its ledger entries) took longer than the former
/// 60 s on the benchmark machine and the whole run failed with a 500 (`docs/performance.md`);
/// a slow fortnightly run is better than none, so the bound is ten minutes.
const STATEMENT_TIMEOUT_MS: u32 = 600_000;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// The tenant's settlement lock, held until the transaction ends; `false` when another run
/// holds it.
async fn try_lock(tx: &mut AsyncPgConnection, tenant_id: Uuid) -> Result<bool, UseCaseError> {
    let row: Locked = diesel::sql_query(
        "SELECT pg_try_advisory_xact_lock(hashtextextended('settlement:' || $1, 0)) AS locked",
    )
    .bind::<Text, _>(tenant_id.to_string())
    .get_result(tx)
    .await?;
    Ok(row.locked)
}

/// Runs settlement at `E`. A dry run stores the run and its lists and changes nothing else.
/// 409 `settlement_in_progress` while another run of the tenant holds the lock.
#[tracing::instrument(skip_all, fields(settlement.dry_run = input.dry_run, settlement.run_id = tracing::field::Empty))]
pub async fn run(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    trigger: Trigger<'_>,
    input: &RunInput,
) -> Result<RunOutcome, UseCaseError> {
    if let Trigger::User(actor) = trigger {
        actor.require_any(&RUNNERS)?;
    }
    let now = ctx.clock.now();
    let (evaluation_at, waiting_period_days) = validate(input, now)?;
    if !try_lock(tx, ctx.tenant_id).await? {
        return Err(UseCaseError::conflict(ErrorCode::SettlementInProgress));
    }
    // Each of the run's statements covers every candidate of the tenant (a million in the
    // spec's bound of 30 s), more than the pool's per-statement default allows for; the
    // setting ends with the transaction.
    diesel::sql_query(format!(
        "SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"
    ))
    .execute(tx)
    .await?;
    let (source, triggered_by) = match trigger {
        Trigger::User(actor) => (SettlementSource::Manual, actor.email.as_str()),
        Trigger::Schedule => (SettlementSource::Schedule, SCHEDULE_ACTOR),
    };
    let run_id = afiliados_db::new_id();
    tracing::Span::current().record("settlement.run_id", tracing::field::display(run_id));
    settlement_runs::insert(
        tx,
        &NewSettlementRun {
            id: run_id,
            tenant_id: ctx.tenant_id,
            evaluation_at,
            waiting_period_days_override: waiting_period_days,
            dry_run: input.dry_run,
            source,
            triggered_by,
            started_at: now,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    settlement_run_items::classify(
        tx,
        Classify {
            run_id,
            tenant_id: ctx.tenant_id,
            evaluation_at,
            waiting_period_days,
            lock: !input.dry_run,
        },
    )
    .await?;
    if !input.dry_run {
        apply(tx, ctx, run_id, evaluation_at, triggered_by, now).await?;
    }
    let row = report::finish(tx, run_id, now).await?;
    let mut emails = 0;
    if !input.dry_run {
        emails = report::email_summaries(tx, ctx, run_id).await?;
        let actor = match trigger {
            Trigger::User(actor) => AuditActor::User(actor),
            Trigger::Schedule => AuditActor::System(SCHEDULE_ACTOR),
        };
        let totals = report::totals_of(&row);
        audit::record(
            tx,
            ctx.tenant_id,
            &actor,
            AuditEvent::new("settlement.run", "settlement_run", run_id).changes(
                None,
                Some(serde_json::json!({
                    "evaluationAt": evaluation_at,
                    "waitingPeriodDays": waiting_period_days,
                    "totals": totals,
                })),
            ),
        )
        .await?;
    }
    let run = report::representation(tx, &row, true).await?;
    Ok(RunOutcome { run, emails })
}

/// The changes of a real run: balances locked in order, the sweep's reversals, then every
/// confirmation in four statements (commissions, transitions, ledger, balances).
async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    evaluation_at: DateTime<Utc>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), UseCaseError> {
    afiliados_db::influencer_balance::lock_listed_by_run(tx, run_id).await?;
    sweep::revert_listed(tx, ctx, run_id, actor, now).await?;
    let confirmed =
        afiliados_db::commissions::confirm_listed(tx, run_id, evaluation_at, now).await?;
    let transitions =
        afiliados_db::commission_transitions::append_confirmed(tx, run_id, actor, now).await?;
    if confirmed != transitions {
        return Err(UseCaseError::internal(
            "a listed commission changed state during the run",
        ));
    }
    afiliados_db::ledger::post_confirmed_by_run(tx, ctx.tenant_id, run_id, actor, now).await?;
    afiliados_db::influencer_balance::apply_confirmed_by_run(tx, run_id, now).await?;
    Ok(())
}
