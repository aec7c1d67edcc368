//! Payout batches beyond their row module ([`crate::payout_batches`]): the list, the withdrawals
//! a batch may take or holds, and the batch's own state changes (`domain.md` §5.14.5).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::payout_batches::PayoutBatchRow;
use crate::schema::{payout_batches, withdrawal_requests};
use crate::withdrawal_requests::WithdrawalRow;

/// Filters of `GET /payments/batches`.
#[derive(Debug, Clone, Default)]
pub struct BatchFilter {
    /// `exported|paid|cancelled`.
    pub statuses: Vec<String>,
    /// One brand.
    pub brand_id: Option<Uuid>,
}

fn filtered(
    tenant_id: Uuid,
    filter: &BatchFilter,
) -> payout_batches::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = payout_batches::table
        .filter(payout_batches::tenant_id.eq(tenant_id))
        .into_boxed();
    if !filter.statuses.is_empty() {
        query = query.filter(payout_batches::status.eq_any(filter.statuses.clone()));
    }
    if let Some(id) = filter.brand_id {
        query = query.filter(payout_batches::brand_id.eq(id));
    }
    query
}

/// A page of batches, newest first, and the total count.
pub async fn page(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &BatchFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<PayoutBatchRow>, i64)> {
    let total = filtered(tenant_id, filter).count().get_result(conn).await?;
    let rows = filtered(tenant_id, filter)
        .order((payout_batches::created_at.desc(), payout_batches::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(PayoutBatchRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Locks (`FOR UPDATE`) the approved, payable (`payable_from ≤ now`), unbatched requests of the
/// tenant, of one brand when given, of the listed ids when given, and returns their ids in id
/// order (only the ids: a batch of any size reads its rows afterwards in chunks, ADR 0081). Rows
/// another transaction changed while this one waited are re-checked by PostgreSQL and left out
/// when they no longer qualify.
pub async fn lock_batchable(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    brand_id: Option<Uuid>,
    ids: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> crate::Result<Vec<Uuid>> {
    // A boxed (dynamic) query cannot carry `FOR UPDATE`: find the candidates first, then lock
    // them with the qualifying conditions repeated, which PostgreSQL re-checks after any wait.
    let mut query = withdrawal_requests::table
        .filter(withdrawal_requests::tenant_id.eq(tenant_id))
        .filter(withdrawal_requests::status.eq("approved"))
        .filter(withdrawal_requests::payable_from.le(now))
        .filter(withdrawal_requests::batch_id.is_null())
        .into_boxed();
    if let Some(brand_id) = brand_id {
        query = query.filter(withdrawal_requests::brand_id.eq(brand_id));
    }
    if let Some(ids) = ids {
        query = query.filter(withdrawal_requests::id.eq_any(ids.to_vec()));
    }
    let candidates: Vec<Uuid> = query.select(withdrawal_requests::id).load(conn).await?;
    withdrawal_requests::table
        .filter(withdrawal_requests::id.eq_any(candidates))
        .filter(withdrawal_requests::status.eq("approved"))
        .filter(withdrawal_requests::payable_from.le(now))
        .filter(withdrawal_requests::batch_id.is_null())
        .order(withdrawal_requests::id.asc())
        .for_update()
        .select(withdrawal_requests::id)
        .load(conn)
        .await
}

/// Requests of the tenant by id (any status), for explaining which listed ids a batch refused
/// and for reading a batch's locked requests chunk by chunk (in id order).
pub async fn withdrawals_by_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> crate::Result<Vec<WithdrawalRow>> {
    withdrawal_requests::table
        .filter(withdrawal_requests::tenant_id.eq(tenant_id))
        .filter(withdrawal_requests::id.eq_any(ids.to_vec()))
        .order(withdrawal_requests::id.asc())
        .select(WithdrawalRow::as_select())
        .load(conn)
        .await
}

/// The requests a batch holds, in id order, locked `FOR UPDATE` when `lock`.
pub async fn withdrawals_of(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    lock: bool,
) -> crate::Result<Vec<WithdrawalRow>> {
    let query = withdrawal_requests::table
        .filter(withdrawal_requests::batch_id.eq(batch_id))
        .order(withdrawal_requests::id.asc())
        .select(WithdrawalRow::as_select());
    if lock {
        query.for_update().load(conn).await
    } else {
        query.load(conn).await
    }
}

/// The ids of the requests a batch holds, in id order, locked `FOR UPDATE` (only the ids: the
/// rows are read afterwards in chunks, ADR 0081).
pub async fn lock_ids_of(conn: &mut AsyncPgConnection, batch_id: Uuid) -> crate::Result<Vec<Uuid>> {
    withdrawal_requests::table
        .filter(withdrawal_requests::batch_id.eq(batch_id))
        .order(withdrawal_requests::id.asc())
        .for_update()
        .select(withdrawal_requests::id)
        .load(conn)
        .await
}

/// A page of the distinct balances `(influencer_id, brand_id, currency)` of a batch's requests
/// after `after`, in `(influencer_id, brand_id)` order: the balances a payment of the batch locks,
/// read a page at a time so they can be locked in that order without holding them all.
pub async fn balance_keys_of(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    after: Option<(Uuid, Uuid)>,
    limit: i64,
) -> crate::Result<Vec<(Uuid, Uuid, String)>> {
    let mut query = withdrawal_requests::table
        .filter(withdrawal_requests::batch_id.eq(batch_id))
        .into_boxed();
    if let Some((influencer_id, brand_id)) = after {
        query = query.filter(
            withdrawal_requests::influencer_id.gt(influencer_id).or(
                withdrawal_requests::influencer_id
                    .eq(influencer_id)
                    .and(withdrawal_requests::brand_id.gt(brand_id)),
            ),
        );
    }
    query
        .select((
            withdrawal_requests::influencer_id,
            withdrawal_requests::brand_id,
            withdrawal_requests::currency,
        ))
        .distinct()
        .order((
            withdrawal_requests::influencer_id.asc(),
            withdrawal_requests::brand_id.asc(),
        ))
        .limit(limit)
        .load(conn)
        .await
}

/// How many distinct balances `(influencer_id, brand_id)` a batch's requests touch.
pub async fn count_balance_keys_of(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
) -> crate::Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS count FROM (SELECT DISTINCT influencer_id, brand_id \
         FROM withdrawal_requests WHERE batch_id = $1) AS balances",
    )
    .bind::<diesel::sql_types::Uuid, _>(batch_id)
    .get_result(conn)
    .await?;
    Ok(row.count)
}

/// A page of a batch's requests after `after` (keyset by id), for writing its CSV in chunks.
pub async fn withdrawals_of_after(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> crate::Result<Vec<WithdrawalRow>> {
    let mut query = withdrawal_requests::table
        .filter(withdrawal_requests::batch_id.eq(batch_id))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(withdrawal_requests::id.gt(after));
    }
    query
        .order(withdrawal_requests::id.asc())
        .limit(limit)
        .select(WithdrawalRow::as_select())
        .load(conn)
        .await
}

/// The ids of the requests of some batches, as `(batch_id, withdrawal_id)` in id order.
pub async fn withdrawal_ids_of(
    conn: &mut AsyncPgConnection,
    batch_ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, Uuid)>> {
    withdrawal_requests::table
        .filter(withdrawal_requests::batch_id.eq_any(batch_ids.to_vec()))
        .order(withdrawal_requests::id.asc())
        .select((
            withdrawal_requests::batch_id.assume_not_null(),
            withdrawal_requests::id,
        ))
        .load(conn)
        .await
}

/// Points the batch at its stored CSV.
pub async fn set_csv_document(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    document_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(payout_batches::table.find(batch_id))
        .set((
            payout_batches::csv_document_id.eq(document_id),
            payout_batches::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// `exported → paid`, with the totals actually paid.
pub async fn mark_paid(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    paid_by: Uuid,
    totals: (
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    ),
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(payout_batches::table.find(batch_id))
        .set((
            payout_batches::status.eq("paid"),
            payout_batches::paid_by.eq(paid_by),
            payout_batches::paid_at.eq(now),
            payout_batches::total_gross.eq(totals.0),
            payout_batches::total_withheld.eq(totals.1),
            payout_batches::total_net.eq(totals.2),
            payout_batches::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// `exported → cancelled`.
pub async fn cancel(
    conn: &mut AsyncPgConnection,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(payout_batches::table.find(batch_id))
        .set((
            payout_batches::status.eq("cancelled"),
            payout_batches::cancelled_at.eq(now),
            payout_batches::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Influencers of the tenant by id (anonymised or deleted ones included: a batch pays what was
/// approved), for a batch's CSV and withholding preview.
pub async fn influencers_by_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> crate::Result<Vec<crate::influencers::Influencer>> {
    use crate::schema::influencers;
    influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::id.eq_any(ids.to_vec()))
        .select(crate::influencers::Influencer::as_select())
        .load(conn)
        .await
}

/// The note of the `exported`/`unexported` events of a batch's requests: it names the batch, so a
/// cancelled batch still lists the requests it held.
pub fn batch_note(batch_id: Uuid) -> String {
    format!("batch {batch_id}")
}

/// The requests a cancelled batch released (its `unexported` events), in id order.
pub async fn released_by(conn: &mut AsyncPgConnection, batch_id: Uuid) -> crate::Result<Vec<Uuid>> {
    use crate::schema::withdrawal_events;
    withdrawal_events::table
        .filter(withdrawal_events::action.eq("unexported"))
        .filter(withdrawal_events::notes.eq(batch_note(batch_id)))
        .order(withdrawal_events::withdrawal_id.asc())
        .select(withdrawal_events::withdrawal_id)
        .load(conn)
        .await
}
