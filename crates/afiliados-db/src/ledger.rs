//! `ledger_entries`: every money movement of an influencer in a brand, append-only, with signed
//! bucket deltas (`domain.md` §3.6, §5.13). Entries are written in the transaction of the state
//! change, after the balance row is locked (`influencer_balance::lock`); the database refuses
//! UPDATE and DELETE.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
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

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    seq: i64,
}

/// Appends an entry and stores its balance row as it is after it (`after`, `available`,
/// `last_entry_seq` the new entry) in one statement, so posting one movement is one round trip
/// (ADR 0080). The caller holds the balance's lock; an update that finds no row is an error.
pub async fn append_and_store(
    mut conn: &AsyncPgConnection,
    row: &NewLedgerEntry<'_>,
    after: &crate::influencer_balance::BalanceBuckets,
    available: Decimal,
) -> crate::Result<i64> {
    use diesel::sql_types::{Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
    let stored: Vec<Stored> = diesel::sql_query(
        "WITH entry AS (
           INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount,
               d_estimated, d_confirmed, d_reverted, d_pending_withdrawal, d_withdrawn,
               d_pending_adjustments, available_after, commission_id, adjustment_id,
               withdrawal_id, payment_id, description, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               $18, $19, $20)
           RETURNING seq)
         UPDATE influencer_balance b
            SET estimated = $21, confirmed = $22, reverted = $23, pending_withdrawal = $24,
                withdrawn = $25, pending_adjustments = $26, available = $27,
                last_entry_seq = entry.seq, updated_at = $20
           FROM entry
          WHERE b.influencer_id = $3 AND b.brand_id = $4
         RETURNING entry.seq",
    )
    .bind::<SqlUuid, _>(row.id)
    .bind::<SqlUuid, _>(row.tenant_id)
    .bind::<SqlUuid, _>(row.influencer_id)
    .bind::<SqlUuid, _>(row.brand_id)
    .bind::<Text, _>(row.entry_type)
    .bind::<Numeric, _>(row.amount)
    .bind::<Numeric, _>(row.d_estimated)
    .bind::<Numeric, _>(row.d_confirmed)
    .bind::<Numeric, _>(row.d_reverted)
    .bind::<Numeric, _>(row.d_pending_withdrawal)
    .bind::<Numeric, _>(row.d_withdrawn)
    .bind::<Numeric, _>(row.d_pending_adjustments)
    .bind::<Numeric, _>(row.available_after)
    .bind::<Nullable<SqlUuid>, _>(row.commission_id)
    .bind::<Nullable<SqlUuid>, _>(row.adjustment_id)
    .bind::<Nullable<SqlUuid>, _>(row.withdrawal_id)
    .bind::<Nullable<SqlUuid>, _>(row.payment_id)
    .bind::<Text, _>(row.description)
    .bind::<Text, _>(row.created_by)
    .bind::<Timestamptz, _>(row.created_at)
    .bind::<Numeric, _>(after.estimated)
    .bind::<Numeric, _>(after.confirmed)
    .bind::<Numeric, _>(after.reverted)
    .bind::<Numeric, _>(after.pending_withdrawal)
    .bind::<Numeric, _>(after.withdrawn)
    .bind::<Numeric, _>(after.pending_adjustments)
    .bind::<Numeric, _>(available)
    .prepared()
    .load(&mut conn)
    .await?;
    match stored.as_slice() {
        [one] => Ok(one.seq),
        _ => Err(diesel::result::Error::NotFound),
    }
}

#[derive(diesel::QueryableByName)]
struct Appended {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    seq: i64,
}

/// Appends `rows` with one `INSERT … SELECT unnest(…)` and returns their `seq`, in the order of
/// `rows`. The rows feed the insert sorted by their position, so `seq` (the BIGSERIAL default,
/// drawn as each row is inserted) grows in that order: entries of one balance given in posting
/// order keep that order in the ledger. The caller holds the lock of every balance concerned.
pub async fn append_many(
    conn: &mut AsyncPgConnection,
    rows: &[NewLedgerEntry<'_>],
) -> crate::Result<Vec<i64>> {
    use diesel::sql_types::{Array, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let appended: Vec<Appended> = diesel::sql_query(
        "INSERT INTO ledger_entries (id, tenant_id, influencer_id, brand_id, entry_type, amount, \
           d_estimated, d_confirmed, d_reverted, d_pending_withdrawal, d_withdrawn, \
           d_pending_adjustments, available_after, commission_id, adjustment_id, withdrawal_id, \
           payment_id, description, created_by, created_at) \
         SELECT t.id, t.tenant_id, t.influencer_id, t.brand_id, t.entry_type, t.amount, \
           t.d_estimated, t.d_confirmed, t.d_reverted, t.d_pending_withdrawal, t.d_withdrawn, \
           t.d_pending_adjustments, t.available_after, t.commission_id, t.adjustment_id, \
           t.withdrawal_id, t.payment_id, t.description, t.created_by, t.created_at \
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::numeric[], \
           $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], \
           $12::numeric[], $13::numeric[], $14::uuid[], $15::uuid[], $16::uuid[], $17::uuid[], \
           $18::text[], $19::text[], $20::timestamptz[]) WITH ORDINALITY \
           AS t(id, tenant_id, influencer_id, brand_id, entry_type, amount, d_estimated, \
             d_confirmed, d_reverted, d_pending_withdrawal, d_withdrawn, d_pending_adjustments, \
             available_after, commission_id, adjustment_id, withdrawal_id, payment_id, \
             description, created_by, created_at, position) \
         ORDER BY t.position \
         RETURNING id, seq",
    )
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.tenant_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.influencer_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.brand_id).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.entry_type).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.amount).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.d_estimated).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.d_confirmed).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.d_reverted).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(
        rows.iter()
            .map(|r| r.d_pending_withdrawal)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.d_withdrawn).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(
        rows.iter()
            .map(|r| r.d_pending_adjustments)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.available_after).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(rows.iter().map(|r| r.commission_id).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(rows.iter().map(|r| r.adjustment_id).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(rows.iter().map(|r| r.withdrawal_id).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(rows.iter().map(|r| r.payment_id).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.description).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.created_by).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
    .prepared()
    .load(conn)
    .await?;
    let seq_of: std::collections::HashMap<Uuid, i64> =
        appended.into_iter().map(|a| (a.id, a.seq)).collect();
    rows.iter()
        .map(|r| {
            seq_of.get(&r.id).copied().ok_or_else(|| {
                diesel::result::Error::QueryBuilderError(
                    "a ledger entry was not returned by its insert".into(),
                )
            })
        })
        .collect()
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
    .prepared()
    .execute(conn)
    .await
}
