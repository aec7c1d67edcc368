//! `withdrawal_requests`: an influencer's request to take money out of one brand balance
//! (`domain.md` §3.8, §4.7). The amount is reserved on the ledger when the row is inserted; the
//! row only moves `pending → approved|rejected`, `approved → rejected|paid`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::withdrawal_requests;

/// A request to insert (`pending`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = withdrawal_requests)]
pub struct NewWithdrawalRequest<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// > 0, two decimals.
    pub amount: Decimal,
    /// ISO currency.
    pub currency: &'a str,
    /// The user who asked (the influencer, or FI/AD on its behalf).
    pub requested_by: Uuid,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// ≤ 500.
    pub notes: Option<&'a str>,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = withdrawal_requests)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct WithdrawalRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Requested (and, once approved, payable) amount.
    pub amount: Decimal,
    /// ISO currency.
    pub currency: String,
    /// `pending|approved|rejected|paid`.
    pub status: String,
    /// Who asked.
    pub requested_by: Uuid,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// Requester's notes.
    pub notes: Option<String>,
    /// Who decided.
    pub decided_by: Option<Uuid>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Decider's notes.
    pub decision_notes: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// Approved: payable from this instant (requested_at + hold days).
    pub payable_from: Option<DateTime<Utc>>,
    /// The exported payout batch holding it.
    pub batch_id: Option<Uuid>,
    /// Its payment once paid.
    pub payment_id: Option<Uuid>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Inserts a `pending` request.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    row: &NewWithdrawalRequest<'_>,
) -> crate::Result<()> {
    diesel::insert_into(withdrawal_requests::table)
        .values(row)
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Inserts a `pending` request with its `requested` event (instant: the row's `requested_at`
/// as stored, to the microsecond) in one statement, answering the stored row.
pub async fn insert_requested(
    mut conn: &AsyncPgConnection,
    row: &NewWithdrawalRequest<'_>,
    event_id: Uuid,
    actor: &str,
) -> crate::Result<WithdrawalRow> {
    use diesel::sql_types::{Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "WITH request AS (
           INSERT INTO withdrawal_requests (id, tenant_id, influencer_id, brand_id, amount,
               currency, requested_by, requested_at, notes, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           RETURNING *),
         event AS (
           INSERT INTO withdrawal_events (id, withdrawal_id, action, actor, notes, occurred_at)
           SELECT $12, request.id, 'requested', $13, request.notes, request.requested_at
             FROM request)
         SELECT * FROM request",
    )
    .bind::<SqlUuid, _>(row.id)
    .bind::<SqlUuid, _>(row.tenant_id)
    .bind::<SqlUuid, _>(row.influencer_id)
    .bind::<SqlUuid, _>(row.brand_id)
    .bind::<Numeric, _>(row.amount)
    .bind::<Text, _>(row.currency)
    .bind::<SqlUuid, _>(row.requested_by)
    .bind::<Timestamptz, _>(row.requested_at)
    .bind::<Nullable<Text>, _>(row.notes)
    .bind::<Timestamptz, _>(row.created_at)
    .bind::<Timestamptz, _>(row.updated_at)
    .bind::<SqlUuid, _>(event_id)
    .bind::<Text, _>(actor)
    .prepared()
    .get_result(&mut conn)
    .await
}

/// A request of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<WithdrawalRow>> {
    withdrawal_requests::table
        .filter(withdrawal_requests::tenant_id.eq(tenant_id))
        .filter(withdrawal_requests::id.eq(id))
        .select(WithdrawalRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// A request of the tenant, locked `FOR UPDATE` for a decision or a payment. Lock the balance
/// row first (ledger order), then this row.
pub async fn lock(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<WithdrawalRow>> {
    withdrawal_requests::table
        .filter(withdrawal_requests::tenant_id.eq(tenant_id))
        .filter(withdrawal_requests::id.eq(id))
        .for_update()
        .select(WithdrawalRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// `pending → approved`.
pub async fn approve(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    decided_by: Uuid,
    decision_notes: Option<&str>,
    payable_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(withdrawal_requests::table.find(id))
        .set((
            withdrawal_requests::status.eq("approved"),
            withdrawal_requests::decided_by.eq(decided_by),
            withdrawal_requests::decided_at.eq(now),
            withdrawal_requests::decision_notes.eq(decision_notes),
            withdrawal_requests::payable_from.eq(payable_from),
            withdrawal_requests::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// `pending|approved → rejected` (the caller releases the reservation).
pub async fn reject(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    decided_by: Uuid,
    decision_notes: Option<&str>,
    rejection_reason: &str,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(withdrawal_requests::table.find(id))
        .set((
            withdrawal_requests::status.eq("rejected"),
            withdrawal_requests::decided_by.eq(decided_by),
            withdrawal_requests::decided_at.eq(now),
            withdrawal_requests::decision_notes.eq(decision_notes),
            withdrawal_requests::rejection_reason.eq(rejection_reason),
            withdrawal_requests::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// `approved → paid` with its payment (inserted in the same transaction; the foreign key is
/// checked at commit).
pub async fn mark_paid(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    payment_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(withdrawal_requests::table.find(id))
        .set((
            withdrawal_requests::status.eq("paid"),
            withdrawal_requests::payment_id.eq(payment_id),
            withdrawal_requests::paid_at.eq(now),
            withdrawal_requests::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// [`mark_paid`] for many requests with one `UPDATE … FROM unnest(…)`: each `(withdrawal id,
/// payment id)` pair; returns how many rows changed.
pub async fn mark_paid_many(
    conn: &mut AsyncPgConnection,
    paid: &[(Uuid, Uuid)],
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    use diesel::sql_types::{Array, Timestamptz, Uuid as SqlUuid};
    if paid.is_empty() {
        return Ok(0);
    }
    diesel::sql_query(
        "UPDATE withdrawal_requests w SET status = 'paid', payment_id = t.payment_id, \
           paid_at = $1, updated_at = $1 \
         FROM unnest($2::uuid[], $3::uuid[]) AS t(id, payment_id) \
         WHERE w.id = t.id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Array<SqlUuid>, _>(paid.iter().map(|p| p.0).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(paid.iter().map(|p| p.1).collect::<Vec<_>>())
    .prepared()
    .execute(conn)
    .await
}

/// Puts approved requests in a batch (`Some`) or takes them out of it (`None`); returns how many
/// rows changed.
pub async fn set_batch(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
    batch_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::update(withdrawal_requests::table.filter(withdrawal_requests::id.eq_any(ids)))
        .set((
            withdrawal_requests::batch_id.eq(batch_id),
            withdrawal_requests::updated_at.eq(now),
        ))
        .prepared()
        .execute(conn)
        .await
}
