//! The end of a run (`domain.md` §4.9, §5.16.3). `finish`: class D (orders of the range whose
//! coupon matched no code) is recorded, open discrepancies of the run's orders it no longer found
//! vanish, the run stores its counts, status (`success` with none, `warning` otherwise) and
//! `auto_reconciled_ratio`, the gauges are set, `reconciliation` is raised to finance when
//! something was found and the summary goes out. `fail`: the run keeps what it found so far,
//! becomes `failed` and raises `reconciliation_failed` to operations. Both answer the run again
//! when repeated.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_run_progress::{self as progress, Finished, RunTally};
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_domain::{AlertSeverity, AlertType, DiscrepancyClass, ReconciliationStatus};
use serde_json::json;
use uuid::Uuid;

use super::counters;
use super::detect::{Finding, detect, value_details};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::alerts::{AlertInput, raise};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The run, locked; `Ok(Err(run))` when it already ended with `done` (a repeated call).
async fn lock(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    done: &[ReconciliationStatus],
) -> Result<Result<ReconciliationRunRow, ReconciliationRunRow>, UseCaseError> {
    let run = afiliados_db::reconciliation_runs::find_for_update(tx, run_id)
        .await?
        .filter(|run| run.tenant_id == ctx.tenant_id)
        .ok_or(UseCaseError::NotFound)?;
    if run.status == ReconciliationStatus::Running.as_str() {
        return Ok(Ok(run));
    }
    if done.iter().any(|status| status.as_str() == run.status) {
        return Ok(Err(run));
    }
    Err(UseCaseError::conflict_with(
        ErrorCode::InvalidTransition,
        json!({ "status": run.status }),
    ))
}

async fn reload(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<ReconciliationRunRow, UseCaseError> {
    afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, run_id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

fn classes(tally: &RunTally) -> [i32; 5] {
    [tally.a, tally.b, tally.c, tally.d, tally.e].map(counters::clamp)
}

/// `POST …/finish`.
pub async fn finish(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<ReconciliationRunRow, UseCaseError> {
    let run = match lock(
        tx,
        ctx,
        run_id,
        &[ReconciliationStatus::Success, ReconciliationStatus::Warning],
    )
    .await?
    {
        Ok(run) => run,
        Err(ended) => return Ok(ended),
    };
    let now = ctx.now();
    for order in afiliados_db::reconciliation_vtex_orders::unknown_coupons(
        tx,
        ctx.tenant_id,
        run.range_from,
        run.range_to,
    )
    .await?
    {
        let finding = Finding {
            class: DiscrepancyClass::D,
            vtex_order_id: order.vtex_order_id,
            order_id: Some(order.order_id),
            brand_id: order.brand_id,
            influencer_id: None,
            details: value_details("coupon", order.coupon_code, None),
            auto_resolvable: false,
        };
        detect(tx, ctx, run.id, finding).await?;
    }
    let vanished = afiliados_db::reconciliation_discrepancy_outcomes::vanish(
        tx,
        ctx.tenant_id,
        run.id,
        run.range_from,
        run.range_to,
        now,
    )
    .await?;
    for other in vanished {
        counters::refresh(tx, ctx, other).await?;
    }
    let tally = progress::tally(tx, run.id).await?;
    let found = counters::clamp(tally.a + tally.b + tally.c + tally.d + tally.e);
    let status = if found == 0 {
        ReconciliationStatus::Success
    } else {
        ReconciliationStatus::Warning
    };
    let ratio = counters::ratio(
        run.vtex_orders_count,
        counters::clamp(tally.e),
        tally.pending_manual,
    );
    progress::finish(
        tx,
        run.id,
        &Finished {
            status: status.as_str(),
            classes: classes(&tally),
            discrepancies_found: found,
            auto_resolved: counters::clamp(tally.auto_resolved),
            pending_manual: counters::clamp(tally.pending_manual),
            ratio,
            error: None,
            pages_fetched: None,
        },
        now,
    )
    .await?;
    let run = reload(tx, ctx, run.id).await?;
    super::report::store_snapshots(tx, ctx, run.id).await?;
    if found > 0 {
        raise(
            tx,
            ctx,
            AlertInput {
                alert_type: AlertType::Reconciliation,
                severity: AlertSeverity::Warning,
                dedup_key: run.id.to_string(),
                message: format!(
                    "La conciliación {} del {} encontró {} discrepancia(s) (A {}, B {}, C {}, D {}, E {}); {} pendiente(s) de revisión.",
                    run.run_type,
                    run.business_date.map(|d| d.to_string()).unwrap_or_default(),
                    found,
                    run.class_a_count,
                    run.class_b_count,
                    run.class_c_count,
                    run.class_d_count,
                    run.class_e_count,
                    run.pending_manual_count
                ),
                details: json!({
                    "runId": run.id,
                    "type": run.run_type,
                    "discrepanciesFound": found,
                    "pendingManual": run.pending_manual_count,
                }),
            },
        )
        .await?;
    }
    let discrepancies =
        afiliados_db::reconciliation_discrepancy_outcomes::of_run(tx, run.id).await?;
    let told = super::summary_emails::tell(tx, ctx, &run, &discrepancies).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::Service,
        AuditEvent::new("reconciliation.finished", "reconciliation_run", run.id).changes(
            Some(json!({ "status": "running" })),
            Some(json!({
                "status": run.status,
                "discrepanciesFound": found,
                "autoReconciledRatio": run.auto_reconciled_ratio,
                "emails": told.emails,
            })),
        ),
    )
    .await?;
    Ok(run)
}

/// `POST …/fail`.
pub async fn fail(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    error: &str,
    pages_fetched: u32,
) -> Result<ReconciliationRunRow, UseCaseError> {
    let error: String = error.trim().chars().take(2000).collect();
    if error.is_empty() {
        return Err(UseCaseError::invalid(
            "error",
            afiliados_domain::FieldCode::Required,
        ));
    }
    let run = match lock(tx, ctx, run_id, &[ReconciliationStatus::Failed]).await? {
        Ok(run) => run,
        Err(ended) => return Ok(ended),
    };
    let now = ctx.now();
    let tally = progress::tally(tx, run.id).await?;
    progress::finish(
        tx,
        run.id,
        &Finished {
            status: ReconciliationStatus::Failed.as_str(),
            classes: classes(&tally),
            discrepancies_found: counters::clamp(tally.a + tally.b + tally.c + tally.d + tally.e),
            auto_resolved: counters::clamp(tally.auto_resolved),
            pending_manual: counters::clamp(tally.pending_manual),
            ratio: None,
            error: Some(&error),
            pages_fetched: Some(i32::try_from(pages_fetched).unwrap_or(i32::MAX)),
        },
        now,
    )
    .await?;
    let run = reload(tx, ctx, run.id).await?;
    raise(
        tx,
        ctx,
        AlertInput {
            alert_type: AlertType::ReconciliationFailed,
            severity: AlertSeverity::Critical,
            dedup_key: run.id.to_string(),
            message: format!(
                "La conciliación {} del {} falló: {}",
                run.run_type,
                run.business_date.map(|d| d.to_string()).unwrap_or_default(),
                error
            )
            .chars()
            .take(2000)
            .collect(),
            details: json!({
                "runId": run.id,
                "type": run.run_type,
                "pagesFetched": run.pages_fetched,
                "error": error,
            }),
        },
    )
    .await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::Service,
        AuditEvent::new("reconciliation.finished", "reconciliation_run", run.id).changes(
            Some(json!({ "status": "running" })),
            Some(json!({ "status": run.status, "error": run.error })),
        ),
    )
    .await?;
    Ok(run)
}
