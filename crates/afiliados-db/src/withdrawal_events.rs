//! `withdrawal_events`: the append-only decision log of a withdrawal request (`domain.md` §3.8).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::withdrawal_events;

/// One event to append.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = withdrawal_events)]
pub struct NewWithdrawalEvent<'a> {
    /// Id.
    pub id: Uuid,
    /// The request.
    pub withdrawal_id: Uuid,
    /// `requested|approved|rejected|paid|document_added|exported|unexported`.
    pub action: &'a str,
    /// The acting user's id as text, or `system`.
    pub actor: &'a str,
    /// Free text.
    pub notes: Option<&'a str>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = withdrawal_events)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct WithdrawalEventRow {
    /// The request.
    pub withdrawal_id: Uuid,
    /// What happened.
    pub action: String,
    /// Who.
    pub actor: String,
    /// Free text.
    pub notes: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// Appends events with one `INSERT … SELECT unnest(…)` (six array parameters however many rows:
/// a batch of any size fits one statement).
pub async fn append(
    mut conn: &AsyncPgConnection,
    rows: &[NewWithdrawalEvent<'_>],
) -> crate::Result<()> {
    use diesel::sql_types::{Array, Nullable, Text, Timestamptz, Uuid as SqlUuid};
    if rows.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "INSERT INTO withdrawal_events (id, withdrawal_id, action, actor, notes, occurred_at) \
         SELECT t.id, t.withdrawal_id, t.action, t.actor, t.notes, t.occurred_at \
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], \
           $6::timestamptz[]) AS t(id, withdrawal_id, action, actor, notes, occurred_at)",
    )
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.withdrawal_id).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.action).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.actor).collect::<Vec<_>>())
    .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.notes).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.occurred_at).collect::<Vec<_>>())
    .prepared()
    .execute(&mut conn)
    .await
    .map(|_| ())
}

/// The events of some requests, oldest first.
pub async fn of_withdrawals(
    conn: &mut AsyncPgConnection,
    withdrawal_ids: &[Uuid],
) -> crate::Result<Vec<WithdrawalEventRow>> {
    withdrawal_events::table
        .filter(withdrawal_events::withdrawal_id.eq_any(withdrawal_ids))
        .order((
            withdrawal_events::occurred_at.asc(),
            withdrawal_events::created_at.asc(),
        ))
        .select(WithdrawalEventRow::as_select())
        .load(conn)
        .await
}
