//! `influencer_balance`: one balance row per influencer and brand, created with zeros when the
//! influencer joins a campaign of the brand (`domain.md` §3.6).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::influencer_balance;

/// Creates the zero balance of an influencer in a brand unless it exists; `true` when created.
pub async fn ensure(
    mut conn: &AsyncPgConnection,
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
        .prepared()
        .execute(&mut conn)
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
    conn: &AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    brand_id: Uuid,
    currency: &str,
) -> crate::Result<BalanceBuckets> {
    // The row nearly always exists: lock it first and create it only when it is missing, so
    // the usual case is one statement instead of an upsert and a lock (ADR 0080).
    if let Some(buckets) = lock_existing(conn, influencer_id, brand_id).await? {
        return Ok(buckets);
    }
    ensure(conn, tenant_id, influencer_id, brand_id, currency).await?;
    lock_existing(conn, influencer_id, brand_id)
        .await?
        .ok_or(diesel::result::Error::NotFound)
}

async fn lock_existing(
    mut conn: &AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
) -> crate::Result<Option<BalanceBuckets>> {
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
        .get_result(&mut conn)
        .await
        .optional()
}

/// One balance to lock with [`lock_many`].
#[derive(Debug, Clone, Copy)]
pub struct BalanceToLock<'a> {
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Currency of a row created with zeros.
    pub currency: &'a str,
}

/// A balance row locked by [`lock_many`].
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct LockedBalance {
    /// Influencer.
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub influencer_id: Uuid,
    /// Brand.
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub brand_id: Uuid,
    /// Estimated.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub estimated: Decimal,
    /// Confirmed.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub confirmed: Decimal,
    /// Reverted.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub reverted: Decimal,
    /// Pending withdrawal.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub pending_withdrawal: Decimal,
    /// Withdrawn.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub withdrawn: Decimal,
    /// Pending adjustments.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub pending_adjustments: Decimal,
}

impl LockedBalance {
    /// The six buckets.
    pub fn buckets(&self) -> BalanceBuckets {
        BalanceBuckets {
            estimated: self.estimated,
            confirmed: self.confirmed,
            reverted: self.reverted,
            pending_withdrawal: self.pending_withdrawal,
            withdrawn: self.withdrawn,
            pending_adjustments: self.pending_adjustments,
        }
    }
}

/// [`lock`] for many balances in two statements: the missing rows are created with zeros, then
/// every row is locked by one `SELECT … ORDER BY influencer_id, brand_id FOR UPDATE` (rows are
/// locked in that order, the global lock order of `domain.md` §5.13.1). Returns the locked rows
/// in that order.
pub async fn lock_many(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    keys: &[BalanceToLock<'_>],
) -> crate::Result<Vec<LockedBalance>> {
    use diesel::sql_types::{Array, Text, Uuid as SqlUuid};
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let influencers: Vec<Uuid> = keys.iter().map(|k| k.influencer_id).collect();
    let brands: Vec<Uuid> = keys.iter().map(|k| k.brand_id).collect();
    let ids: Vec<Uuid> = keys.iter().map(|_| crate::new_id()).collect();
    let currencies: Vec<&str> = keys.iter().map(|k| k.currency).collect();
    diesel::sql_query(
        "INSERT INTO influencer_balance (id, tenant_id, influencer_id, brand_id, currency) \
         SELECT t.id, $1, t.influencer_id, t.brand_id, t.currency \
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) \
           AS t(id, influencer_id, brand_id, currency) \
         ORDER BY t.influencer_id, t.brand_id \
         ON CONFLICT (influencer_id, brand_id) DO NOTHING",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<SqlUuid>, _>(&influencers)
    .bind::<Array<SqlUuid>, _>(&brands)
    .bind::<Array<Text>, _>(&currencies)
    .prepared()
    .execute(conn)
    .await?;
    diesel::sql_query(
        "SELECT b.influencer_id, b.brand_id, b.estimated, b.confirmed, b.reverted, \
           b.pending_withdrawal, b.withdrawn, b.pending_adjustments \
         FROM influencer_balance b \
         WHERE (b.influencer_id, b.brand_id) IN ( \
           SELECT t.influencer_id, t.brand_id FROM unnest($1::uuid[], $2::uuid[]) \
             AS t(influencer_id, brand_id)) \
         ORDER BY b.influencer_id, b.brand_id \
         FOR UPDATE OF b",
    )
    .bind::<Array<SqlUuid>, _>(&influencers)
    .bind::<Array<SqlUuid>, _>(&brands)
    .prepared()
    .load(conn)
    .await
}

/// One balance row to store with [`store_many`]: its buckets after its last entry `seq`.
#[derive(Debug, Clone, Copy)]
pub struct BalanceAfter {
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// The buckets.
    pub buckets: BalanceBuckets,
    /// Available (the row's CHECK recomputes it).
    pub available: Decimal,
    /// `last_entry_seq`.
    pub seq: i64,
}

/// [`store`] for many (locked) balances with one `UPDATE … FROM unnest(…)`; returns how many
/// rows changed.
pub async fn store_many(
    conn: &mut AsyncPgConnection,
    rows: &[BalanceAfter],
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    use diesel::sql_types::{Array, BigInt, Numeric, Timestamptz, Uuid as SqlUuid};
    if rows.is_empty() {
        return Ok(0);
    }
    let bucket = |f: fn(&BalanceBuckets) -> Decimal| -> Vec<Decimal> {
        rows.iter().map(|r| f(&r.buckets)).collect()
    };
    diesel::sql_query(
        "UPDATE influencer_balance b SET estimated = t.estimated, confirmed = t.confirmed, \
           reverted = t.reverted, pending_withdrawal = t.pending_withdrawal, \
           withdrawn = t.withdrawn, pending_adjustments = t.pending_adjustments, \
           available = t.available, last_entry_seq = t.seq, updated_at = $1 \
         FROM unnest($2::uuid[], $3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[], \
           $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::bigint[]) \
           AS t(influencer_id, brand_id, estimated, confirmed, reverted, pending_withdrawal, \
             withdrawn, pending_adjustments, available, seq) \
         WHERE b.influencer_id = t.influencer_id AND b.brand_id = t.brand_id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.influencer_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.brand_id).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(bucket(|b| b.estimated))
    .bind::<Array<Numeric>, _>(bucket(|b| b.confirmed))
    .bind::<Array<Numeric>, _>(bucket(|b| b.reverted))
    .bind::<Array<Numeric>, _>(bucket(|b| b.pending_withdrawal))
    .bind::<Array<Numeric>, _>(bucket(|b| b.withdrawn))
    .bind::<Array<Numeric>, _>(bucket(|b| b.pending_adjustments))
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.available).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(rows.iter().map(|r| r.seq).collect::<Vec<_>>())
    .prepared()
    .execute(conn)
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
    .prepared()
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
    .prepared()
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
    .prepared()
    .execute(conn)
    .await
}
