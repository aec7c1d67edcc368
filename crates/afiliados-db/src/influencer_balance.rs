//! `influencer_balance`: one balance row per influencer and brand, created with zeros when the
//! influencer joins a campaign of the brand (`domain.md` §3.6).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::influencer_balance;

/// Creates the zero balance of an influencer in a brand unless it exists; `true` when created.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brand_id: Uuid,
    currency: &str,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(influencer_balance::table)
        .values((
            influencer_balance::id.eq(crate::new_id()),
            influencer_balance::tenant_id.eq(tenant_id),
            influencer_balance::influencer_id.eq(influencer_id),
            influencer_balance::brand_id.eq(brand_id),
            influencer_balance::currency.eq(currency),
        ))
        .on_conflict((
            influencer_balance::influencer_id,
            influencer_balance::brand_id,
        ))
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Whether the row exists.
pub async fn exists(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        influencer_balance::table
            .filter(influencer_balance::influencer_id.eq(influencer_id))
            .filter(influencer_balance::brand_id.eq(brand_id)),
    ))
    .get_result(conn)
    .await
}

/// One balance row with its brand name.
#[derive(Debug, Clone, Queryable)]
pub struct BalanceFacts {
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// Currency.
    pub currency: String,
    /// Estimated.
    pub estimated: rust_decimal::Decimal,
    /// Confirmed.
    pub confirmed: rust_decimal::Decimal,
    /// Withdrawn.
    pub withdrawn: rust_decimal::Decimal,
    /// Available.
    pub available: rust_decimal::Decimal,
}

/// Every balance row of an influencer with its brand name (the ARCO access export and the
/// positive-balance check of an ARCO deletion).
pub async fn of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<BalanceFacts>> {
    use crate::schema::brands;
    influencer_balance::table
        .inner_join(brands::table)
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .order(brands::name.asc())
        .select((
            brands::id,
            brands::name,
            influencer_balance::currency,
            influencer_balance::estimated,
            influencer_balance::confirmed,
            influencer_balance::withdrawn,
            influencer_balance::available,
        ))
        .load(conn)
        .await
}
/// The six buckets of a balance (`available` is derived and checked by the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Queryable)]
pub struct BalanceBuckets {
    /// Commissions not yet confirmed.
    pub estimated: Decimal,
    /// Credited.
    pub confirmed: Decimal,
    /// Taken back.
    pub reverted: Decimal,
    /// Reserved by withdrawals.
    pub pending_withdrawal: Decimal,
    /// Paid out.
    pub withdrawn: Decimal,
    /// Open debts.
    pub pending_adjustments: Decimal,
}

/// Locks the balance row of an influencer in a brand (`SELECT … FOR UPDATE`), creating it with
/// zeros first when missing. Callers that touch several balances lock them in
/// `(influencer_id, brand_id)` order (`domain.md` §5.13.1).
pub async fn lock(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brand_id: Uuid,
    currency: &str,
) -> crate::Result<BalanceBuckets> {
    ensure(conn, tenant_id, influencer_id, brand_id, currency).await?;
    influencer_balance::table
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .filter(influencer_balance::brand_id.eq(brand_id))
        .for_update()
        .select((
            influencer_balance::estimated,
            influencer_balance::confirmed,
            influencer_balance::reverted,
            influencer_balance::pending_withdrawal,
            influencer_balance::withdrawn,
            influencer_balance::pending_adjustments,
        ))
        .get_result(conn)
        .await
}

/// The columns a balance write sets. `last_entry_seq: None` leaves the column as it is (diesel
/// skips `None` in a changeset): a rebuild rewrites the buckets, never the ledger position.
#[derive(AsChangeset)]
#[diesel(table_name = influencer_balance)]
struct BalanceWrite {
    estimated: Decimal,
    confirmed: Decimal,
    reverted: Decimal,
    pending_withdrawal: Decimal,
    withdrawn: Decimal,
    pending_adjustments: Decimal,
    available: Decimal,
    last_entry_seq: Option<i64>,
    updated_at: DateTime<Utc>,
}

impl BalanceWrite {
    fn new(
        buckets: &BalanceBuckets,
        available: Decimal,
        last_entry_seq: Option<i64>,
        now: DateTime<Utc>,
    ) -> BalanceWrite {
        BalanceWrite {
            estimated: buckets.estimated,
            confirmed: buckets.confirmed,
            reverted: buckets.reverted,
            pending_withdrawal: buckets.pending_withdrawal,
            withdrawn: buckets.withdrawn,
            pending_adjustments: buckets.pending_adjustments,
            available,
            last_entry_seq,
            updated_at: now,
        }
    }
}

/// The one write path of a balance row (used by [`store`] and [`rewrite`]).
async fn write(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    values: &BalanceWrite,
) -> crate::Result<()> {
    diesel::update(
        influencer_balance::table
            .filter(influencer_balance::influencer_id.eq(influencer_id))
            .filter(influencer_balance::brand_id.eq(brand_id)),
    )
    .set(values)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Stores the buckets after the entry `seq` (the row must be locked by [`lock`]).
pub async fn store(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    buckets: &BalanceBuckets,
    available: Decimal,
    seq: i64,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    let values = BalanceWrite::new(buckets, available, Some(seq), now);
    write(conn, influencer_id, brand_id, &values).await
}

/// The buckets and `available` of a balance, unlocked (reads and tests).
pub async fn read(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<Option<(BalanceBuckets, Decimal)>> {
    influencer_balance::table
        .filter(influencer_balance::influencer_id.eq(influencer_id))
        .filter(influencer_balance::brand_id.eq(brand_id))
        .select((
            (
                influencer_balance::estimated,
                influencer_balance::confirmed,
                influencer_balance::reverted,
                influencer_balance::pending_withdrawal,
                influencer_balance::withdrawn,
                influencer_balance::pending_adjustments,
            ),
            influencer_balance::available,
        ))
        .first(conn)
        .await
        .optional()
}

/// A balance row with the names its representation shows.
#[derive(Debug, Clone, Queryable)]
pub struct NamedBalance {
    /// Influencer.
    pub influencer_id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Brand.
    pub brand_id: Uuid,
    /// Brand name.
    pub brand_name: String,
    /// ISO currency.
    pub currency: String,
    /// The buckets.
    pub buckets: BalanceBuckets,
    /// Available.
    pub available: Decimal,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Filters of the balance list and the verification.
#[derive(Debug, Clone, Default)]
pub struct BalanceFilter {
    /// Scope of an admin_marca.
    pub brand_ids: Option<Vec<Uuid>>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Only available < 0.
    pub negative: bool,
    /// Only available ≥.
    pub min_available: Option<Decimal>,
}

/// Every balance of the tenant matching `filter`, by influencer and brand. Balances are one row
/// per influencer × brand, so the list pages and groups in memory.
pub async fn list_named(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &BalanceFilter,
) -> crate::Result<Vec<NamedBalance>> {
    use crate::schema::{brands, influencers};
    let mut query = influencer_balance::table
        .inner_join(influencers::table)
        .inner_join(brands::table)
        .filter(influencer_balance::tenant_id.eq(tenant_id))
        .into_boxed();
    if let Some(ids) = &filter.brand_ids {
        query = query.filter(influencer_balance::brand_id.eq_any(ids.clone()));
    }
    if let Some(id) = filter.influencer_id {
        query = query.filter(influencer_balance::influencer_id.eq(id));
    }
    if let Some(id) = filter.brand_id {
        query = query.filter(influencer_balance::brand_id.eq(id));
    }
    if filter.negative {
        query = query.filter(influencer_balance::available.lt(Decimal::ZERO));
    }
    if let Some(min) = filter.min_available {
        query = query.filter(influencer_balance::available.ge(min));
    }
    query
        .order((
            influencer_balance::influencer_id.asc(),
            influencer_balance::brand_id.asc(),
        ))
        .select((
            influencer_balance::influencer_id,
            influencers::first_name,
            influencers::last_name,
            influencer_balance::brand_id,
            brands::name,
            influencer_balance::currency,
            (
                influencer_balance::estimated,
                influencer_balance::confirmed,
                influencer_balance::reverted,
                influencer_balance::pending_withdrawal,
                influencer_balance::withdrawn,
                influencer_balance::pending_adjustments,
            ),
            influencer_balance::available,
            influencer_balance::updated_at,
        ))
        .load(conn)
        .await
}

/// Overwrites the buckets of a (locked) balance with values recomputed from the ledger; the
/// ledger and `last_entry_seq` are untouched (`domain.md` §5.13.4).
pub async fn rewrite(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    buckets: &BalanceBuckets,
    available: Decimal,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    let values = BalanceWrite::new(buckets, available, None, now);
    write(conn, influencer_id, brand_id, &values).await
}

/// Settlement: locks (`FOR UPDATE`, in `(influencer_id, brand_id)` order, §5.13.1) every
/// balance a run's confirmations and sweep reversals post to, before either posts. Returns how
/// many were locked.
pub async fn lock_listed_by_run(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
) -> crate::Result<usize> {
    use diesel::sql_types::Uuid as SqlUuid;
    diesel::sql_query(
        "SELECT b.id FROM influencer_balance b
          WHERE (b.influencer_id, b.brand_id) IN (
                SELECT i.influencer_id, i.brand_id FROM settlement_run_items i
                 WHERE i.run_id = $1 AND i.list IN ('confirmed', 'reverted') AND i.amount > 0)
          ORDER BY b.influencer_id, b.brand_id
          FOR UPDATE",
    )
    .bind::<SqlUuid, _>(run_id)
    .execute(conn)
    .await
}

/// Settlement: applies a run's `commission_confirmed` entries to their (locked) balances in one
/// statement: estimated −Σ, confirmed +Σ, available +Σ, `last_entry_seq` the last entry.
pub async fn apply_confirmed_by_run(
    conn: &mut AsyncPgConnection,
    run_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    use diesel::sql_types::{Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "UPDATE influencer_balance b
            SET estimated = b.estimated - s.total, confirmed = b.confirmed + s.total,
                available = b.available + s.total, last_entry_seq = s.last_seq, updated_at = $2
           FROM (SELECT influencer_id, brand_id, sum(amount) AS total, max(seq) AS last_seq
                   FROM ledger_entries
                  WHERE settlement_run_id = $1 AND entry_type = 'commission_confirmed'
                  GROUP BY influencer_id, brand_id) s
          WHERE b.influencer_id = s.influencer_id AND b.brand_id = s.brand_id",
    )
    .bind::<SqlUuid, _>(run_id)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
}
