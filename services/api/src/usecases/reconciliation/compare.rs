//! `POST /internal/v1/reconciliations/{id}/compare` (`domain.md` §5.16.2): once every chunk is
//! staged, the run compares the VTEX list with the platform's orders placed in the range, in
//! PostgreSQL — only the orders that may differ come back to be classified here with the domain's
//! rules (`compare_status`, `amounts_differ`):
//!
//! - A: a listed VTEX order the platform does not store (auto-resolvable: fetch + ingest);
//! - B: the mapped VTEX status differs (an unmapped VTEX state is B, not auto-resolvable);
//! - C: the total value differs beyond the run's tolerance;
//! - E: a platform order of the range VTEX did not list (manual).
//!
//! Attributed orders equal on the list's data go back to the worker for the deep check: those
//! VTEX lists at another version than the ingested one, and a sample of the rest (ADR 0072).

use afiliados_api_types::reconciliation::{ClassCounts, CompareRequest, CompareResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_vtex_orders as staged;
use afiliados_domain::commission::OrderStatus;
use afiliados_domain::commission::vtex_state::map_raw_state;
use afiliados_domain::{
    DiscrepancyClass, FieldCode, StatusComparison, amounts_differ, compare_status,
};
use uuid::Uuid;

use super::counters;
use super::detect::{Finding, amount_details, detect, value_details};
use super::stage::running_run;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Compares the staged list with the platform; stores A/B/C/E and queues their jobs.
pub async fn compare(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    request: &CompareRequest,
) -> Result<CompareResponse, UseCaseError> {
    let run = running_run(tx, ctx, run_id).await?;
    let vtex_total = staged::staged_count(tx, run.id).await?;
    // Chunks lost on the way would make every missing order a false class E.
    if vtex_total != i64::from(request.vtex_total) {
        return Err(UseCaseError::invalid("vtexTotal", FieldCode::OutOfRange));
    }
    let platform_total =
        staged::platform_count(tx, ctx.tenant_id, run.range_from, run.range_to).await?;
    let now = ctx.now();
    afiliados_db::reconciliation_run_progress::compared(
        tx,
        run.id,
        counters::clamp(vtex_total),
        counters::clamp(platform_total),
        now,
    )
    .await?;
    let pages = i32::try_from(request.pages_fetched).unwrap_or(i32::MAX);
    afiliados_db::reconciliation_run_progress::pages_fetched(tx, run.id, pages, now).await?;

    let tolerance = run.tolerance_percent;
    let mut counts = ClassCounts::default();

    for missing in staged::missing_in_platform(tx, ctx.tenant_id, run.id).await? {
        let finding = Finding {
            class: DiscrepancyClass::A,
            vtex_order_id: missing.vtex_order_id,
            order_id: None,
            brand_id: None,
            influencer_id: None,
            details: value_details(
                "presence",
                None,
                Some(missing.total_value.round_dp(2).to_string()),
            ),
            auto_resolvable: true,
        };
        detect(tx, ctx, run.id, finding).await?;
        counts.a += 1;
    }

    let (raw, comparable) = status_map(staged::distinct_statuses(tx, run.id).await?);
    let sample = ctx.settings.reconciliation.deep_check_sample_basis_points();
    let mut deep =
        staged::attributed_equal(tx, ctx.tenant_id, run.id, &raw, &comparable, sample).await?;
    for order in staged::candidates(tx, ctx.tenant_id, run.id, &raw, &comparable).await? {
        let (Some(vtex_status), Some(vtex_total)) = (order.vtex_status.clone(), order.vtex_total)
        else {
            continue;
        };
        let platform = OrderStatus::parse(&order.status)
            .ok_or_else(|| UseCaseError::internal("stored order status unknown"))?;
        let mut differs = false;
        let status_finding = match compare_status(platform, &vtex_status) {
            StatusComparison::Same => None,
            StatusComparison::Differs(_) => Some(true),
            StatusComparison::Unmapped => Some(false),
        };
        if let Some(auto_resolvable) = status_finding {
            differs = true;
            counts.b += 1;
            let finding = Finding {
                class: DiscrepancyClass::B,
                vtex_order_id: order.vtex_order_id.clone(),
                order_id: Some(order.order_id),
                brand_id: order.brand_id,
                influencer_id: order.influencer_id,
                details: value_details("status", Some(order.status.clone()), Some(vtex_status)),
                auto_resolvable,
            };
            detect(tx, ctx, run.id, finding).await?;
        }
        if amounts_differ(order.total_value, vtex_total, tolerance) {
            differs = true;
            counts.c += 1;
            let finding = Finding {
                class: DiscrepancyClass::C,
                vtex_order_id: order.vtex_order_id.clone(),
                order_id: Some(order.order_id),
                brand_id: order.brand_id,
                influencer_id: order.influencer_id,
                details: amount_details("totalValue", order.total_value, vtex_total),
                auto_resolvable: true,
            };
            detect(tx, ctx, run.id, finding).await?;
        }
        if !differs && order.attributed {
            deep.push(order.vtex_order_id);
        }
    }
    deep.sort();

    for order in
        staged::missing_in_vtex(tx, ctx.tenant_id, run.id, run.range_from, run.range_to).await?
    {
        counts.e += 1;
        let finding = Finding {
            class: DiscrepancyClass::E,
            vtex_order_id: order.vtex_order_id,
            order_id: Some(order.order_id),
            brand_id: order.brand_id,
            influencer_id: order.influencer_id,
            details: value_details(
                "presence",
                Some(order.total_value.round_dp(2).to_string()),
                None,
            ),
            auto_resolvable: false,
        };
        detect(tx, ctx, run.id, finding).await?;
    }
    counters::refresh(tx, ctx, run.id).await?;
    Ok(CompareResponse {
        deep_check_order_ids: deep,
        counts,
    })
}

/// The run's raw VTEX statuses that the table maps, each with the platform status it compares
/// as (`shipped` and `returned` compare as `invoiced`, which the table never yields); unmapped
/// states are left out, so the SQL treats them as differing.
fn status_map(statuses: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut raw = Vec::new();
    let mut comparable = Vec::new();
    for status in statuses {
        if let Some(mapped) = map_raw_state(&status) {
            comparable.push(mapped.as_str().to_owned());
            raw.push(status);
        }
    }
    (raw, comparable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmapped_states_stay_out_of_the_map() {
        let (raw, comparable) = status_map(vec![
            "invoiced".into(),
            "handling".into(),
            "waiting-ffmt-authorization".into(),
        ]);
        assert_eq!(raw, ["invoiced", "handling"]);
        assert_eq!(comparable, ["invoiced", "paid"]);
    }
}
