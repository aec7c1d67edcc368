//! `ledger_entries`: every money movement of an influencer in a brand, append-only, with signed
//! bucket deltas (`domain.md` §3.6, §5.13). Entries are written in the transaction of the state
//! change, after the balance row is locked (`influencer_balance::lock`); the database refuses
//! UPDATE and DELETE.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::ledger_entries;

/// One entry to append.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ledger_entries)]
pub struct NewLedgerEntry<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// `commission_estimated`, `commission_reverted`, …
    pub entry_type: &'a str,
    /// Always positive.
    pub amount: Decimal,
    /// Δ estimated.
    pub d_estimated: Decimal,
    /// Δ confirmed.
    pub d_confirmed: Decimal,
    /// Δ reverted.
    pub d_reverted: Decimal,
    /// Δ pending withdrawal.
    pub d_pending_withdrawal: Decimal,
    /// Δ withdrawn.
    pub d_withdrawn: Decimal,
    /// Δ pending adjustments.
    pub d_pending_adjustments: Decimal,
    /// Available after the entry.
    pub available_after: Decimal,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Adjustment.
    pub adjustment_id: Option<Uuid>,
    /// What happened, for people.
    pub description: &'a str,
    /// Who or what.
    pub created_by: &'a str,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Appends an entry; returns its `seq`.
pub async fn append(conn: &mut AsyncPgConnection, row: &NewLedgerEntry<'_>) -> crate::Result<i64> {
    diesel::insert_into(ledger_entries::table)
        .values(row)
        .returning(ledger_entries::seq)
        .get_result(conn)
        .await
}

/// `SUM` of each delta column: `NULL` when the balance has no entries.
type DeltaSums = (
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
);

/// The six deltas summed over the entries of a balance: (estimated, confirmed, reverted,
/// pending withdrawal, withdrawn, pending adjustments).
pub async fn sums(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<[Decimal; 6]> {
    use diesel::dsl::sum;
    let row: DeltaSums = ledger_entries::table
        .filter(ledger_entries::influencer_id.eq(influencer_id))
        .filter(ledger_entries::brand_id.eq(brand_id))
        .select((
            sum(ledger_entries::d_estimated),
            sum(ledger_entries::d_confirmed),
            sum(ledger_entries::d_reverted),
            sum(ledger_entries::d_pending_withdrawal),
            sum(ledger_entries::d_withdrawn),
            sum(ledger_entries::d_pending_adjustments),
        ))
        .get_result(conn)
        .await?;
    let or_zero = |value: Option<Decimal>| value.unwrap_or_default();
    Ok([
        or_zero(row.0),
        or_zero(row.1),
        or_zero(row.2),
        or_zero(row.3),
        or_zero(row.4),
        or_zero(row.5),
    ])
}

/// (entry type, amount) of the entries of a commission, in `seq` order.
pub async fn of_commission(
    conn: &mut AsyncPgConnection,
    commission_id: Uuid,
) -> crate::Result<Vec<(String, Decimal)>> {
    ledger_entries::table
        .filter(ledger_entries::commission_id.eq(commission_id))
        .order(ledger_entries::seq.asc())
        .select((ledger_entries::entry_type, ledger_entries::amount))
        .load(conn)
        .await
}
