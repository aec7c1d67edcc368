//! The safety sweep (`domain.md` §5.12): a commission still `estimated` or `confirmed` whose
//! order is `canceled` or `returned` is reverted whole, through the same domain rules as a
//! reversal at ingestion (a reversal from `confirmed` goes through the clawback rule, §5.13.3).
//! Reversals normally happen at ingestion, so the list is normally empty; it goes commission by
//! commission.

use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_lines::NewCommissionLine;
use afiliados_db::commission_transitions::NewTransition;
use afiliados_db::commissions::CommissionChanges;
use afiliados_db::settlement_run_items::{self, Item};
use afiliados_domain::Money;
use afiliados_domain::commission::{
    CommissionLine, CommissionMoney, CommissionMovement, CommissionState, ReversalReason,
    post_movements, revert_all,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::orders::ledger::{self, BalanceKey, EntryRefs};
use crate::usecases::{UseCaseContext, UseCaseError};

fn money(value: Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored money with more than two decimals"))
}

fn count(value: i32) -> u32 {
    u32::try_from(value).unwrap_or_default()
}

/// Reverts every commission the run listed as `reverted` (the balances are already locked).
pub(super) async fn revert_listed(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize, UseCaseError> {
    if !settlement_run_items::any_on(tx, run_id, "reverted").await? {
        return Ok(0);
    }
    // Only the reverted list: a run over a million commissions lists them all as items, and
    // the sweep must not hold them in memory to find its usual handful.
    let items = settlement_run_items::of_list(tx, run_id, "reverted", i64::MAX).await?;
    let mut reverted = 0;
    for item in &items {
        revert_one(tx, ctx, run_id, item, actor, now).await?;
        reverted += 1;
    }
    afiliados_db::commissions::mark_reverted_by_run(tx, run_id).await?;
    Ok(reverted)
}

async fn revert_one(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    item: &Item,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), UseCaseError> {
    let reason = item
        .reason
        .as_deref()
        .and_then(ReversalReason::parse)
        .ok_or_else(|| UseCaseError::internal("sweep item without a reversal reason"))?;
    let (row, currency, vtex_order_id) =
        afiliados_db::commissions::with_order(tx, item.commission_id).await?;
    let state = CommissionState::parse(&row.state)
        .ok_or_else(|| UseCaseError::internal("stored commission state unknown"))?;
    let stored_lines = afiliados_db::commission_lines::of_commission(tx, row.id).await?;
    let mut lines = Vec::new();
    for (index, line) in &stored_lines {
        lines.push(CommissionLine {
            line_index: u32::try_from(*index).unwrap_or_default(),
            quantity: 0,
            commission_amount: money(line.commission_amount)?,
            removed_quantity: count(line.removed_quantity),
            returned_quantity: count(line.returned_quantity),
            reverted_amount: money(line.reverted_amount)?,
        });
    }
    let current = CommissionMoney { state, lines };
    let update = revert_all(&current, reason);
    let key = BalanceKey {
        influencer_id: row.influencer_id,
        brand_id: row.brand_id,
        currency: &currency,
    };
    let balance = ledger::lock(tx, ctx, key).await?;
    let posting = post_movements(&balance, &update.movements)
        .map_err(|error| UseCaseError::internal(format!("ledger refused a reversal: {error}")))?;
    let new_lines: Vec<NewCommissionLine> = stored_lines
        .iter()
        .map(|(_, line)| NewCommissionLine {
            id: line.id,
            commission_id: row.id,
            order_line_id: line.order_line_id,
            eligible_amount: line.eligible_amount,
            commission_amount: line.commission_amount,
            removed_quantity: line.removed_quantity,
            returned_quantity: line.returned_quantity,
            reverted_quantity: line.reverted_quantity,
            reverted_amount: line.commission_amount,
            updated_at: now,
        })
        .collect();
    afiliados_db::commission_lines::upsert(tx, &new_lines).await?;
    let context = serde_json::json!({"settlementRunId": run_id, "orderId": row.order_id});
    let transitions: Vec<NewTransition<'_>> = update
        .movements
        .iter()
        .filter_map(|movement| match *movement {
            CommissionMovement::Reverted {
                amount, from, kind, ..
            } => Some(NewTransition {
                id: afiliados_db::new_id(),
                commission_id: row.id,
                from_state: Some(from.as_str()),
                to_state: CommissionState::Reverted.as_str(),
                amount: amount.amount(),
                kind: kind.as_str(),
                reason: Some(reason.as_str()),
                triggered_by: actor,
                context: context.clone(),
                occurred_at: now,
            }),
            CommissionMovement::Recalculated { .. } => None,
        })
        .collect();
    afiliados_db::commission_transitions::append(tx, &transitions).await?;
    afiliados_db::commissions::update(
        tx,
        row.id,
        &CommissionChanges {
            state: CommissionState::Reverted.as_str().to_owned(),
            eligible_amount: row.eligible_amount,
            commission_amount: row.commission_amount,
            reverted_amount: row.commission_amount,
            on_hold: false,
            hold_reason: row.hold_reason.clone(),
            confirmation_due_at: row.confirmation_due_at,
            reverted_at: Some(now),
            reversal_reason: Some(reason.as_str().to_owned()),
            updated_at: now,
        },
    )
    .await?;
    let refs = EntryRefs {
        commission_id: row.id,
        order_id: row.order_id,
        vtex_order_id: &vtex_order_id,
        actor,
        reversal: Some(reason),
    };
    ledger::write(tx, ctx, key, refs, &posting, now).await?;
    Ok(())
}
