//! A commission's life under ingestion (`domain.md` §4.6, §5.8–5.10): created at the first
//! ingestion of an attributed order (held on self-referral), then every applied version is
//! replayed through the domain core — cancellation or return reverts everything left, partial
//! returns and edits revert with the cumulative formula, other changes recalculate while
//! estimated — and its movements are written as transitions and ledger entries.

use afiliados_api_types::orders::{IngestedCommission, NormalizedOrder};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_lines::NewCommissionLine;
use afiliados_db::commission_transitions::NewTransition;
use afiliados_db::commissions::{Commission, CommissionChanges, NewCommission};
use afiliados_db::order_lines::OrderLineRow;
use afiliados_db::orders::Order;
use afiliados_domain::Money;
use afiliados_domain::commission::{
    CommissionCalculation, CommissionLine, CommissionMoney, CommissionMovement, CommissionState,
    CommissionUpdate, HoldReason, OrderStatus, Posting, ReversalReason, RuleSnapshot,
    TransitionKind, VersionLine, apply_version, confirmation_anchor, confirmation_due_at,
    post_estimated, post_movements, revert_all,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::json;

use super::INGEST_ACTOR;
use super::attribution::Pricing;
use super::ledger::{self, BalanceKey, EntryRefs};
use crate::usecases::commissions::notices;
use crate::usecases::{UseCaseContext, UseCaseError};

/// What the commission side of an ingestion did.
#[derive(Debug, Clone)]
pub struct CommissionOutcome {
    /// The commission after it.
    pub summary: IngestedCommission,
    /// Ledger entries written.
    pub ledger_entries: u32,
    /// Warnings for the ingestion result.
    pub warnings: Vec<String>,
}

/// The version being applied, with the order as stored after it.
#[derive(Debug, Clone, Copy)]
pub struct AppliedVersion<'a> {
    /// The order row after the version.
    pub order: &'a Order,
    /// The version.
    pub version: &'a NormalizedOrder,
    /// Its lines as stored.
    pub lines: &'a [OrderLineRow],
    /// Its calculation under the frozen snapshot.
    pub calculation: &'a CommissionCalculation,
    /// Now.
    pub now: DateTime<Utc>,
}

fn money(value: Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored money with more than two decimals"))
}

fn refused(error: impl std::fmt::Display) -> UseCaseError {
    UseCaseError::internal(format!("ledger refused a commission movement: {error}"))
}

fn due_at(order: &Order, snapshot: &RuleSnapshot) -> Option<DateTime<Utc>> {
    confirmation_anchor(order.paid_at, order.invoiced_at)
        .map(|anchor| confirmation_due_at(anchor, snapshot.confirmation_window_days))
}

/// The effect of the version on the commission: a final status reverts everything left; other
/// versions are replayed line by line with the frozen rate (§5.9).
fn effects(current: &CommissionMoney, applied: AppliedVersion<'_>) -> CommissionUpdate {
    match OrderStatus::parse(&applied.order.status) {
        Some(OrderStatus::Canceled) => revert_all(current, ReversalReason::OrderCanceled),
        Some(OrderStatus::Returned) => revert_all(current, ReversalReason::OrderReturned),
        _ => {
            let lines: Vec<VersionLine> = applied
                .calculation
                .eligible_lines()
                .filter_map(|computed| {
                    let line = applied
                        .version
                        .lines
                        .iter()
                        .find(|line| line.line_index == computed.line_index)?;
                    Some(VersionLine {
                        line_index: computed.line_index,
                        quantity: line.quantity,
                        commission_amount: computed.commission_amount,
                        removed_quantity: line.removed_quantity,
                        returned_quantity: line.returned_quantity,
                    })
                })
                .collect();
            apply_version(current, &lines)
        }
    }
}

/// Creates the commission of a newly attributed order and applies the version's own effects
/// (a first version may already be canceled or partially returned).
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    pricing: &Pricing,
    applied: AppliedVersion<'_>,
) -> Result<CommissionOutcome, UseCaseError> {
    let calc = applied.calculation;
    let now = applied.now;
    let hold = pricing.self_referral.is_some();
    let snapshot = &pricing.snapshot;
    let row = afiliados_db::commissions::insert(
        tx,
        &NewCommission {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            order_id: applied.order.id,
            influencer_id: pricing.influencer_id,
            campaign_id: pricing.campaign_id,
            brand_id: pricing.brand_id,
            discount_code_id: pricing.code_id,
            state: CommissionState::Estimated.as_str().to_owned(),
            commission_rate: snapshot.rate.value(),
            tier_id: pricing.tier_id,
            tier_level: i32::try_from(snapshot.tier_level).unwrap_or(i32::MAX),
            tier_name: snapshot.tier_name.clone(),
            campaign_version: snapshot.campaign_version,
            rule_snapshot: serde_json::to_value(snapshot)
                .map_err(|error| UseCaseError::internal(format!("rule snapshot: {error}")))?,
            eligible_amount: calc.eligible_amount.amount(),
            commission_amount: calc.commission_amount.amount(),
            on_hold: hold,
            hold_reason: hold.then(|| HoldReason::SelfReferral.as_str().to_owned()),
            held_at: hold.then_some(now),
            held_by: hold.then(|| INGEST_ACTOR.to_owned()),
            estimated_at: now,
            confirmation_due_at: due_at(applied.order, snapshot),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let mut transitions = vec![NewTransition {
        id: afiliados_db::new_id(),
        commission_id: row.id,
        from_state: None,
        to_state: CommissionState::Estimated.as_str(),
        amount: calc.commission_amount.amount(),
        kind: TransitionKind::Created.as_str(),
        reason: None,
        triggered_by: INGEST_ACTOR,
        context: json!({"orderId": applied.order.id, "vtexOrderId": applied.order.vtex_order_id}),
        occurred_at: now,
    }];
    if let Some(matched) = pricing.self_referral {
        transitions.push(NewTransition {
            id: afiliados_db::new_id(),
            commission_id: row.id,
            from_state: Some(CommissionState::Estimated.as_str()),
            to_state: CommissionState::Estimated.as_str(),
            amount: Decimal::ZERO,
            kind: TransitionKind::HoldPlaced.as_str(),
            reason: Some(HoldReason::SelfReferral.as_str()),
            triggered_by: INGEST_ACTOR,
            context: json!({"matchedBy": matched}),
            occurred_at: now,
        });
    }
    afiliados_db::commission_transitions::append(tx, &transitions).await?;
    if hold {
        let vtex_order_id = &applied.order.vtex_order_id;
        notices::held(tx, ctx, &row, vtex_order_id, HoldReason::SelfReferral).await?;
    }
    let lines = calc
        .eligible_lines()
        .map(|computed| {
            let quantity = applied
                .version
                .lines
                .iter()
                .find(|line| line.line_index == computed.line_index)
                .map_or(0, |line| line.quantity);
            CommissionLine::new(computed.line_index, quantity, computed.commission_amount)
        })
        .collect();
    let created = CommissionMoney::estimated(lines);
    let key = balance_key(&row, &applied.order.currency);
    let balance = ledger::lock(tx, ctx, key).await?;
    let estimated = post_estimated(&balance, calc.commission_amount).map_err(refused)?;
    let update = effects(&created, applied);
    let moved = post_movements(&estimated.after, &update.movements).map_err(refused)?;
    let posting = Posting {
        entries: estimated.entries.into_iter().chain(moved.entries).collect(),
        after: moved.after,
        opens_clawback: moved.opens_clawback,
    };
    persist(
        tx,
        ctx,
        Target::Inserted(&row),
        &created,
        &update,
        &posting,
        applied,
    )
    .await
}

/// Applies a newer (or forced) version to the order's existing commission (locked by the
/// caller). `quantities` are the units of each line before the version.
pub async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &Commission,
    quantities: &[(i32, i32)],
    applied: AppliedVersion<'_>,
) -> Result<CommissionOutcome, UseCaseError> {
    let current = stored_money(tx, row, quantities).await?;
    let update = effects(&current, applied);
    let key = balance_key(row, &applied.order.currency);
    let balance = ledger::lock(tx, ctx, key).await?;
    let posting = post_movements(&balance, &update.movements).map_err(refused)?;
    persist(
        tx,
        ctx,
        Target::Stored(row),
        &current,
        &update,
        &posting,
        applied,
    )
    .await
}

/// The stored commission as the domain core sees it: its state and lines, with the units of
/// each line from `quantities` (line index, units). Shared with the staff revert.
pub async fn stored_money(
    tx: &mut AsyncPgConnection,
    row: &Commission,
    quantities: &[(i32, i32)],
) -> Result<CommissionMoney, UseCaseError> {
    let state = CommissionState::parse(&row.state)
        .ok_or_else(|| UseCaseError::internal("stored commission state unknown"))?;
    let mut lines = Vec::new();
    for (index, line) in afiliados_db::commission_lines::of_commission(tx, row.id).await? {
        let quantity = quantities
            .iter()
            .find(|(stored, _)| *stored == index)
            .map_or(0, |(_, quantity)| *quantity);
        lines.push(CommissionLine {
            line_index: u32::try_from(index).unwrap_or_default(),
            quantity: u32::try_from(quantity).unwrap_or_default(),
            commission_amount: money(line.commission_amount)?,
            removed_quantity: u32::try_from(line.removed_quantity).unwrap_or_default(),
            returned_quantity: u32::try_from(line.returned_quantity).unwrap_or_default(),
            reverted_amount: money(line.reverted_amount)?,
        });
    }
    Ok(CommissionMoney { state, lines })
}

/// The balance a commission posts to.
pub fn balance_key<'a>(row: &Commission, currency: &'a str) -> BalanceKey<'a> {
    BalanceKey {
        influencer_id: row.influencer_id,
        brand_id: row.brand_id,
        currency,
    }
}

/// Writes the lines, the transitions, the commission and the ledger of an update.
/// The commission an update is persisted on.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// Inserted by this ingestion, already as it is after its first version.
    Inserted(&'a Commission),
    /// Stored before, locked by the caller.
    Stored(&'a Commission),
}

async fn persist(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    target: Target<'_>,
    before: &CommissionMoney,
    update: &CommissionUpdate,
    posting: &Posting,
    applied: AppliedVersion<'_>,
) -> Result<CommissionOutcome, UseCaseError> {
    let (row, fresh) = match target {
        Target::Inserted(row) => (row, true),
        Target::Stored(row) => (row, false),
    };
    let now = applied.now;
    let after = &update.after;
    let mut new_lines = Vec::new();
    for line in &after.lines {
        let Some(order_line) = applied
            .lines
            .iter()
            .find(|stored| u32::try_from(stored.line_index).ok() == Some(line.line_index))
        else {
            return Err(UseCaseError::internal(
                "commission line without its order line",
            ));
        };
        let eligible = applied
            .calculation
            .eligible_lines()
            .find(|computed| computed.line_index == line.line_index)
            .map_or(Money::ZERO, |computed| computed.eligible_amount);
        new_lines.push(NewCommissionLine {
            id: afiliados_db::new_id(),
            commission_id: row.id,
            order_line_id: order_line.id,
            eligible_amount: eligible.amount(),
            commission_amount: line.commission_amount.amount(),
            removed_quantity: i32::try_from(line.removed_quantity).unwrap_or(i32::MAX),
            returned_quantity: i32::try_from(line.returned_quantity).unwrap_or(i32::MAX),
            reverted_quantity: i32::try_from(line.reverted_quantity()).unwrap_or(i32::MAX),
            reverted_amount: line.reverted_amount.amount(),
            updated_at: now,
        });
    }
    afiliados_db::commission_lines::upsert(tx, &new_lines).await?;
    let context =
        json!({"orderId": applied.order.id, "vtexLastChange": applied.order.vtex_last_change});
    let transitions: Vec<NewTransition<'_>> = update
        .movements
        .iter()
        .map(|movement| match *movement {
            CommissionMovement::Recalculated { delta } => NewTransition {
                id: afiliados_db::new_id(),
                commission_id: row.id,
                from_state: Some(before.state.as_str()),
                to_state: before.state.as_str(),
                amount: delta.amount(),
                kind: TransitionKind::Recalculated.as_str(),
                reason: None,
                triggered_by: INGEST_ACTOR,
                context: context.clone(),
                occurred_at: now,
            },
            CommissionMovement::Reverted {
                amount,
                from,
                reason,
                kind,
            } => NewTransition {
                id: afiliados_db::new_id(),
                commission_id: row.id,
                from_state: Some(from.as_str()),
                to_state: if kind == TransitionKind::Reverted {
                    CommissionState::Reverted.as_str()
                } else {
                    from.as_str()
                },
                amount: amount.amount(),
                kind: kind.as_str(),
                reason: Some(reason.as_str()),
                triggered_by: INGEST_ACTOR,
                context: context.clone(),
                occurred_at: now,
            },
        })
        .collect();
    afiliados_db::commission_transitions::append(tx, &transitions).await?;
    let newly_reverted =
        after.state == CommissionState::Reverted && row.state != CommissionState::Reverted.as_str();
    let last_reason = update
        .movements
        .iter()
        .rev()
        .find_map(|movement| match movement {
            CommissionMovement::Reverted { reason, .. } => Some(*reason),
            CommissionMovement::Recalculated { .. } => None,
        });
    let snapshot: Option<RuleSnapshot> = serde_json::from_value(row.rule_snapshot.clone()).ok();
    let eligible_amount = if after.state == CommissionState::Estimated {
        applied.calculation.eligible_amount.amount()
    } else {
        row.eligible_amount
    };
    let changes = CommissionChanges {
        state: after.state.as_str().to_owned(),
        eligible_amount,
        commission_amount: after.commission_amount().amount(),
        reverted_amount: after.reverted_amount().amount(),
        on_hold: row.on_hold && after.state == CommissionState::Estimated,
        hold_reason: row.hold_reason.clone(),
        confirmation_due_at: row.confirmation_due_at.or_else(|| {
            snapshot
                .as_ref()
                .and_then(|rules| due_at(applied.order, rules))
        }),
        reverted_at: if newly_reverted {
            Some(now)
        } else {
            row.reverted_at
        },
        reversal_reason: if newly_reverted {
            last_reason.map(|reason| reason.as_str().to_owned())
        } else {
            row.reversal_reason.clone()
        },
        updated_at: now,
    };
    // A commission inserted by this ingestion is already stored as it is after its first
    // version: rewriting the same values would cost a row version and a run of the rollup
    // triggers per new order (ADR 0080).
    let updated = if fresh && changes.leaves_unchanged(row) {
        row.clone()
    } else {
        afiliados_db::commissions::update(tx, row.id, &changes).await?
    };
    let refs = EntryRefs {
        commission_id: row.id,
        order_id: applied.order.id,
        vtex_order_id: &applied.order.vtex_order_id,
        actor: INGEST_ACTOR,
        reversal: last_reason,
    };
    let written = ledger::write(
        tx,
        ctx,
        balance_key(row, &applied.order.currency),
        refs,
        posting,
        now,
    )
    .await?;
    let mut warnings = Vec::new();
    if update.increase_flagged {
        warnings.push("confirmed_commission_increase".to_owned());
    }
    if posting.opens_clawback {
        warnings.push("clawback_opened".to_owned());
    }
    Ok(CommissionOutcome {
        summary: summary(&updated)?,
        ledger_entries: written,
        warnings,
    })
}

/// The response's view of a commission row.
pub fn summary(row: &Commission) -> Result<IngestedCommission, UseCaseError> {
    Ok(IngestedCommission {
        id: row.id,
        state: row.state.clone(),
        commission_amount: money(row.commission_amount)?,
        net_amount: money(row.commission_amount - row.reverted_amount)?,
        on_hold: row.on_hold,
    })
}
