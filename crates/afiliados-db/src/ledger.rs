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
    /// Withdrawal request (reservations, releases, payments).
    pub withdrawal_id: Option<Uuid>,
    /// Payment.
    pub payment_id: Option<Uuid>,
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
        or_zero(row.estimated),
        or_zero(row.confirmed),
        or_zero(row.reverted),
        or_zero(row.pending_withdrawal),
        or_zero(row.withdrawn),
        or_zero(row.pending_adjustments),
    ])
}

/// The sums of the six delta columns (SUM over no rows is NULL).
#[derive(Queryable)]
struct DeltaSums {
    estimated: Option<Decimal>,
    confirmed: Option<Decimal>,
    reverted: Option<Decimal>,
    pending_withdrawal: Option<Decimal>,
    withdrawn: Option<Decimal>,
    pending_adjustments: Option<Decimal>,
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

/// A ledger row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ledger_entries, check_for_backend(diesel::pg::Pg))]
pub struct LedgerRow {
    /// Id.
    pub id: Uuid,
    /// Global order.
    pub seq: i64,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Type.
    pub entry_type: String,
    /// Positive amount.
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
    /// Available after.
    pub available_after: Decimal,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Withdrawal.
    pub withdrawal_id: Option<Uuid>,
    /// Payment.
    pub payment_id: Option<Uuid>,
    /// Adjustment.
    pub adjustment_id: Option<Uuid>,
    /// Settlement run.
    pub settlement_run_id: Option<Uuid>,
    /// Reconciliation.
    pub reconciliation_id: Option<Uuid>,
    /// Text.
    pub description: String,
    /// Who.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Filters of the ledger list.
#[derive(Debug, Clone, Default)]
pub struct LedgerFilter {
    /// Scope of an admin_marca.
    pub brand_ids: Option<Vec<Uuid>>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Entry types.
    pub entry_types: Vec<String>,
    /// Commission.
    pub commission_id: Option<Uuid>,
    /// Withdrawal.
    pub withdrawal_id: Option<Uuid>,
    /// Adjustment.
    pub adjustment_id: Option<Uuid>,
    /// `created_at` ≥.
    pub from: Option<DateTime<Utc>>,
    /// `created_at` <.
    pub to: Option<DateTime<Utc>>,
}

/// One page of the tenant's entries by `seq` (`descending` by default), with the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &LedgerFilter,
    descending: bool,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<LedgerRow>, i64)> {
    let build = || {
        let mut query = ledger_entries::table
            .filter(ledger_entries::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(ledger_entries::brand_id.eq_any(ids.clone()));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(ledger_entries::influencer_id.eq(id));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(ledger_entries::brand_id.eq(id));
        }
        if !filter.entry_types.is_empty() {
            query = query.filter(ledger_entries::entry_type.eq_any(filter.entry_types.clone()));
        }
        if let Some(id) = filter.commission_id {
            query = query.filter(ledger_entries::commission_id.eq(id));
        }
        if let Some(id) = filter.withdrawal_id {
            query = query.filter(ledger_entries::withdrawal_id.eq(id));
        }
        if let Some(id) = filter.adjustment_id {
            query = query.filter(ledger_entries::adjustment_id.eq(id));
        }
        if let Some(from) = filter.from {
            query = query.filter(ledger_entries::created_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(ledger_entries::created_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let query = if descending {
        build().order(ledger_entries::seq.desc())
    } else {
        build().order(ledger_entries::seq.asc())
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(LedgerRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Settlement: one `commission_confirmed` entry (estimated −A, confirmed +A) per commission a
/// run confirmed with a positive net amount, in one statement. The balances must be locked
/// ([`crate::influencer_balance::lock_listed_by_run`]); `available_after` is the balance's
/// available plus the running sum of the balance's entries in commission order, which is also
/// the order their `seq` is drawn in (the sorted sub-select feeds the insert). Returns how many.
pub async fn post_confirmed_by_run(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    run_id: Uuid,
    created_by: &str,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
             d_estimated, d_confirmed, available_after, commission_id, settlement_run_id,
             description, created_by, created_at)
         SELECT gen_random_uuid(), $1, s.influencer_id, s.brand_id, 'commission_confirmed', s.amount,
                -s.amount, s.amount, s.available_after, s.commission_id, $2,
                'commission_confirmed for order ' || s.vtex_order_id, $3, $4
           FROM (
             SELECT i.influencer_id, i.brand_id, i.amount, i.commission_id, i.vtex_order_id,
                    b.available + sum(i.amount) OVER (
                        PARTITION BY i.influencer_id, i.brand_id ORDER BY i.commission_id
                    ) AS available_after
               FROM settlement_run_items i
               JOIN influencer_balance b
                 ON b.influencer_id = i.influencer_id AND b.brand_id = i.brand_id
              WHERE i.run_id = $2 AND i.list = 'confirmed' AND i.amount > 0
              ORDER BY i.influencer_id, i.brand_id, i.commission_id
           ) s",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<SqlUuid, _>(run_id)
    .bind::<Text, _>(created_by)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
}
