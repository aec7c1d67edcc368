//! Posting a commission's money movements (`domain.md` §5.13): the balance row is locked, the
//! domain core computes the entries and deltas (clawback included), and each entry is appended
//! with the balance stored after it — all in the caller's transaction, with the notices a
//! reversal or a clawback owes (`crate::usecases::commissions::notices`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::NewAdjustment;
use afiliados_db::influencer_balance;
use afiliados_db::ledger::NewLedgerEntry;
use afiliados_domain::Money;
use afiliados_domain::commission::{Buckets, LedgerEntryType, Posting, ReversalReason};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// The balance a commission posts to.
#[derive(Debug, Clone, Copy)]
pub struct BalanceKey<'a> {
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// ISO currency (for a balance created here).
    pub currency: &'a str,
}

/// What the entries refer to.
#[derive(Debug, Clone, Copy)]
pub struct EntryRefs<'a> {
    /// The commission.
    pub commission_id: Uuid,
    /// Its order (for the clawback adjustment).
    pub order_id: Uuid,
    /// VTEX order id (descriptions).
    pub vtex_order_id: &'a str,
    /// Who posts (`created_by` of entries and adjustments): ingestion or a staff user.
    pub actor: &'a str,
    /// Why, when the posting reverts something (its notices say it); `None` otherwise.
    pub reversal: Option<ReversalReason>,
}

fn money(value: rust_decimal::Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored balance with more than two decimals"))
}

/// Locks the balance and returns its buckets.
pub async fn lock(
    tx: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: BalanceKey<'_>,
) -> Result<Buckets, UseCaseError> {
    let row = influencer_balance::lock(
        tx,
        ctx.tenant_id,
        key.influencer_id,
        key.brand_id,
        key.currency,
    )
    .await?;
    buckets_of(&row)
}

/// Locks many balances at once, in `(influencer_id, brand_id)` order whatever the order of
/// `keys` (one `SELECT … FOR UPDATE`, after creating missing rows with zeros), and returns their
/// buckets by `(influencer_id, brand_id)`.
pub async fn lock_many(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    keys: &[BalanceKey<'_>],
) -> Result<std::collections::HashMap<(Uuid, Uuid), Buckets>, UseCaseError> {
    let wanted: Vec<influencer_balance::BalanceToLock<'_>> = keys
        .iter()
        .map(|key| influencer_balance::BalanceToLock {
            influencer_id: key.influencer_id,
            brand_id: key.brand_id,
            currency: key.currency,
        })
        .collect();
    let rows = influencer_balance::lock_many(tx, ctx.tenant_id, &wanted).await?;
    let locked = rows
        .iter()
        .map(|row| {
            Ok((
                (row.influencer_id, row.brand_id),
                buckets_of(&row.buckets())?,
            ))
        })
        .collect::<Result<std::collections::HashMap<_, _>, UseCaseError>>()?;
    if keys
        .iter()
        .any(|key| !locked.contains_key(&(key.influencer_id, key.brand_id)))
    {
        return Err(UseCaseError::internal("a balance to lock is missing"));
    }
    Ok(locked)
}

/// The buckets of a stored balance row.
pub fn buckets_of(row: &influencer_balance::BalanceBuckets) -> Result<Buckets, UseCaseError> {
    Ok(Buckets {
        estimated: money(row.estimated)?,
        confirmed: money(row.confirmed)?,
        reverted: money(row.reverted)?,
        pending_withdrawal: money(row.pending_withdrawal)?,
        withdrawn: money(row.withdrawn)?,
        pending_adjustments: money(row.pending_adjustments)?,
    })
}

fn description(entry_type: LedgerEntryType, vtex_order_id: &str) -> String {
    match entry_type {
        LedgerEntryType::AdjustmentOpened => {
            format!("clawback of order {vtex_order_id}: reversal after payout")
        }
        other => format!("{} for order {vtex_order_id}", other.as_str()),
    }
}

/// Appends the entries of `posting` (computed on the locked balance) and stores the balance after
/// them; opens the clawback adjustment its `adjustment_opened` entry records; queues the notices
/// of a reversal and of a clawback. The commission must already be stored as it is after the
/// posting. Returns how many entries were written.
pub async fn write(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    key: BalanceKey<'_>,
    refs: EntryRefs<'_>,
    posting: &Posting,
    now: DateTime<Utc>,
) -> Result<u32, UseCaseError> {
    let last = posting.entries.len().saturating_sub(1);
    for (position, entry) in posting.entries.iter().enumerate() {
        let adjustment_id = if entry.entry_type == LedgerEntryType::AdjustmentOpened {
            let id = afiliados_db::new_id();
            let reason = format!("reversal of order {} after payout", refs.vtex_order_id);
            afiliados_db::adjustments::insert(
                tx,
                &NewAdjustment {
                    id,
                    tenant_id: ctx.tenant_id,
                    influencer_id: key.influencer_id,
                    brand_id: key.brand_id,
                    kind: "clawback",
                    amount: entry.amount.amount(),
                    currency: key.currency,
                    reason: &reason,
                    commission_id: Some(refs.commission_id),
                    order_id: Some(refs.order_id),
                    created_by: refs.actor,
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?;
            Some(id)
        } else {
            None
        };
        let text = description(entry.entry_type, refs.vtex_order_id);
        let row = NewLedgerEntry {
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
            commission_id: Some(refs.commission_id),
            adjustment_id,
            withdrawal_id: None,
            payment_id: None,
            description: &text,
            created_by: refs.actor,
            created_at: now,
        };
        // The last entry stores the balance as it is after the whole posting in the same
        // statement (ADR 0080); the others only append.
        if position == last {
            afiliados_db::ledger::append_and_store(
                tx,
                &row,
                &crate::usecases::ledger::post::stored_buckets(&posting.after),
                posting.after.available().amount(),
            )
            .await?;
        } else {
            afiliados_db::ledger::append(tx, &row).await?;
        }
    }
    crate::usecases::commissions::notices::after_posting(tx, ctx, key, refs, posting).await?;
    Ok(u32::try_from(posting.entries.len()).unwrap_or(u32::MAX))
}
