//! Posting one money movement that is not a commission's (withdrawal reservations and releases,
//! payments, adjustments; `domain.md` §5.13.1) on a balance the caller has already locked with
//! [`crate::usecases::orders::ledger::lock`]: the entry is appended with its references and the
//! balance row is stored as it is after it, in the caller's transaction. Commission postings
//! keep their own writer (`orders::ledger::write`), which also opens clawbacks.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencer_balance::BalanceBuckets;
use afiliados_db::ledger::NewLedgerEntry;
use afiliados_domain::Money;
use afiliados_domain::commission::{Buckets, LedgerMovement, post};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::usecases::orders::ledger::BalanceKey;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The records an entry points at (all optional; set the ones the movement concerns).
#[derive(Debug, Clone, Copy, Default)]
pub struct MovementRefs {
    /// The withdrawal request reserved, released or paid.
    pub withdrawal_id: Option<Uuid>,
    /// The payment.
    pub payment_id: Option<Uuid>,
    /// The adjustment opened, recovered or written off.
    pub adjustment_id: Option<Uuid>,
    /// A commission the movement concerns (a manual adjustment may name one).
    pub commission_id: Option<Uuid>,
}

/// One movement to post.
#[derive(Debug, Clone, Copy)]
pub struct Movement<'a> {
    /// Which row of the delta table.
    pub movement: LedgerMovement,
    /// Positive amount (the deltas carry the sign).
    pub amount: Money,
    /// What it refers to.
    pub refs: MovementRefs,
    /// Text for people (`ledger_entries.description`).
    pub description: &'a str,
    /// `created_by`: the acting user's id as text, or `system`.
    pub actor: &'a str,
}

/// The buckets `movement` leaves on `balance`, without posting it (what [`post_movement`]
/// returns): for a caller that states the result in a statement sent with the posting.
pub fn movement_after(balance: &Buckets, movement: &Movement<'_>) -> Result<Buckets, UseCaseError> {
    post(balance, movement.movement, movement.amount)
        .map(|(_, after)| after)
        .map_err(|refused| UseCaseError::internal(format!("ledger movement refused: {refused}")))
}

/// Posts `movement` on `balance` (the buckets [`crate::usecases::orders::ledger::lock`]
/// returned for `key`) and returns the buckets after it.
pub async fn post_movement(
    tx: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: BalanceKey<'_>,
    balance: &Buckets,
    movement: &Movement<'_>,
    now: DateTime<Utc>,
) -> Result<Buckets, UseCaseError> {
    let (entry, after) = post(balance, movement.movement, movement.amount)
        .map_err(|refused| UseCaseError::internal(format!("ledger movement refused: {refused}")))?;
    afiliados_db::ledger::append_and_store(
        tx,
        &NewLedgerEntry {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            influencer_id: key.influencer_id,
            brand_id: key.brand_id,
            entry_type: entry.entry_type.as_str(),
            amount: entry.amount.amount(),
            d_estimated: entry.deltas.estimated.amount(),
            d_confirmed: entry.deltas.confirmed.amount(),
            d_reverted: entry.deltas.reverted.amount(),
            d_pending_withdrawal: entry.deltas.pending_withdrawal.amount(),
            d_withdrawn: entry.deltas.withdrawn.amount(),
            d_pending_adjustments: entry.deltas.pending_adjustments.amount(),
            available_after: entry.available_after.amount(),
            commission_id: movement.refs.commission_id,
            adjustment_id: movement.refs.adjustment_id,
            withdrawal_id: movement.refs.withdrawal_id,
            payment_id: movement.refs.payment_id,
            description: movement.description,
            created_by: movement.actor,
            created_at: now,
        },
        &stored_buckets(&after),
        after.available().amount(),
    )
    .await?;
    Ok(after)
}

/// The balance row's six columns for `after` (every balance write, one row or many).
pub fn stored_buckets(after: &Buckets) -> BalanceBuckets {
    BalanceBuckets {
        estimated: after.estimated.amount(),
        confirmed: after.confirmed.amount(),
        reverted: after.reverted.amount(),
        pending_withdrawal: after.pending_withdrawal.amount(),
        withdrawn: after.withdrawn.amount(),
        pending_adjustments: after.pending_adjustments.amount(),
    }
}
