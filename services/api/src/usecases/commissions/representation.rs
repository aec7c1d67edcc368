//! The **Commission** and **Transition** representations (`api.md` §1), and which commissions a
//! caller sees (`domain.md` §2.3).

use afiliados_api_types::commissions::{
    CommissionLineResponse, CommissionResponse, CommissionTier, TransitionResponse,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_transitions::TransitionRow;
use afiliados_db::commissions::{Commission, NamedCommission};
use afiliados_domain::commission::{CommissionState, HoldReason, ReversalReason, TransitionKind};
use uuid::Uuid;

use crate::usecases::brand_scope::Scope;
use crate::usecases::fields::{money, percent};
use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Whether the caller's scope covers the commission.
pub fn visible(scope: &Scope, row: &Commission) -> bool {
    match scope {
        Scope::All => true,
        Scope::Brands(ids) => ids.contains(&row.brand_id),
        Scope::Influencer(own) => row.influencer_id == *own,
    }
}

/// The commission `id` with its names when the scope covers it.
pub async fn find_visible(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    scope: &Scope,
    id: Uuid,
) -> Result<NamedCommission, UseCaseError> {
    afiliados_db::commissions::find_named(tx, ctx.tenant_id, id)
        .await?
        .filter(|named| visible(scope, &named.commission))
        .ok_or(UseCaseError::NotFound)
}

/// A transition row.
pub fn transition_response(row: TransitionRow) -> Result<TransitionResponse, UseCaseError> {
    Ok(TransitionResponse {
        id: row.id,
        commission_id: row.commission_id,
        from_state: row
            .from_state
            .as_deref()
            .map(|state| stored(state, CommissionState::parse))
            .transpose()?,
        to_state: stored(&row.to_state, CommissionState::parse)?,
        kind: stored(&row.kind, TransitionKind::parse)?,
        amount: money(row.amount),
        reason: row.reason,
        triggered_by: row.triggered_by,
        context: row.context,
        occurred_at: row.occurred_at,
    })
}

/// A commission without lines, transitions and snapshot (list rows).
pub fn commission_response(named: NamedCommission) -> Result<CommissionResponse, UseCaseError> {
    let row = named.commission;
    Ok(CommissionResponse {
        id: row.id,
        order_id: row.order_id,
        vtex_order_id: named.vtex_order_id,
        influencer_id: row.influencer_id.into(),
        influencer_name: format!(
            "{} {}",
            named.influencer_first_name, named.influencer_last_name
        )
        .trim()
        .to_owned(),
        campaign_id: row.campaign_id.into(),
        campaign_name: named.campaign_name,
        brand_id: row.brand_id.into(),
        brand_name: named.brand_name,
        discount_code_id: row.discount_code_id.into(),
        code: named.code,
        state: stored(&row.state, CommissionState::parse)?,
        commission_rate: percent(row.commission_rate),
        tier: CommissionTier {
            id: row.tier_id,
            level: row.tier_level,
            name: row.tier_name,
        },
        campaign_version: row.campaign_version,
        eligible_amount: money(row.eligible_amount),
        commission_amount: money(row.commission_amount),
        reverted_amount: money(row.reverted_amount),
        net_amount: money(row.commission_amount - row.reverted_amount),
        order_total: money(named.order_total),
        on_hold: row.on_hold,
        hold_reason: row
            .hold_reason
            .as_deref()
            .map(|reason| stored(reason, HoldReason::parse))
            .transpose()?,
        held_at: row.held_at,
        estimated_at: row.estimated_at,
        confirmation_due_at: row.confirmation_due_at,
        confirmed_at: row.confirmed_at,
        reverted_at: row.reverted_at,
        reversal_reason: row
            .reversal_reason
            .as_deref()
            .map(|reason| stored(reason, ReversalReason::parse))
            .transpose()?,
        settlement_run_id: row.settlement_run_id,
        lines: None,
        transitions: None,
        rule_snapshot: None,
    })
}

/// A commission with its lines, transitions and rule snapshot.
pub async fn commission_detail(
    tx: &mut AsyncPgConnection,
    named: NamedCommission,
) -> Result<CommissionResponse, UseCaseError> {
    let id = named.commission.id;
    let snapshot = named.commission.rule_snapshot.clone();
    let mut response = commission_response(named)?;
    let lines = afiliados_db::commission_lines::of_commission(tx, id)
        .await?
        .into_iter()
        .map(|(line_index, line)| CommissionLineResponse {
            order_line_id: line.order_line_id,
            line_index,
            eligible_amount: money(line.eligible_amount),
            commission_amount: money(line.commission_amount),
            reverted_quantity: line.reverted_quantity,
            reverted_amount: money(line.reverted_amount),
        })
        .collect();
    let transitions = afiliados_db::commission_transitions::rows_of_commission(tx, id)
        .await?
        .into_iter()
        .map(transition_response)
        .collect::<Result<Vec<_>, _>>()?;
    response.lines = Some(lines);
    response.transitions = Some(transitions);
    response.rule_snapshot = Some(snapshot);
    Ok(response)
}

/// The detail of a commission just changed by a staff act (always in the staff scope).
pub async fn reloaded(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<CommissionResponse, UseCaseError> {
    let named = find_visible(tx, ctx, &Scope::All, id).await?;
    commission_detail(tx, named).await
}
