//! `email_outbox`: every e-mail the platform sends, rendered and delivered by the worker
//! (state machine in domain.md §4.10).

use afiliados_domain::{AlertGroup, EmailStatus, Locale};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepare;
use crate::schema::email_outbox;

/// An outbox row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxEmailRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Recipient address.
    pub recipient: String,
    /// Recipient user.
    pub recipient_user_id: Option<Uuid>,
    /// Template.
    pub template: String,
    /// Locale.
    pub locale: Locale,
    /// Template data.
    pub payload: serde_json::Value,
    /// `pending|sending|sent|failed|cancelled`.
    pub status: EmailStatus,
    /// Sent.
    pub delivered: bool,
    /// Attempts made.
    pub attempts: i32,
    /// When the next attempt is due, as the worker reported it (information: the worker's backoff
    /// schedules it); `None` once final or when the worker did not say.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Lease end while `sending`.
    pub claimed_until: Option<DateTime<Utc>>,
    /// Last failure.
    pub last_error: Option<String>,
    /// Sent at.
    pub sent_at: Option<DateTime<Utc>>,
    /// Message-ID.
    pub message_id: Option<String>,
    /// Alert group.
    pub alert_group: Option<AlertGroup>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Queues one e-mail and returns its id.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    recipient: &str,
    recipient_user_id: Option<Uuid>,
    template: &str,
    locale: &str,
    payload: &serde_json::Value,
) -> crate::Result<Uuid> {
    insert_row(
        conn,
        tenant_id,
        (recipient, recipient_user_id),
        template,
        locale,
        payload,
        None,
    )
    .await
}

/// One e-mail of [`insert_many`].
#[derive(Debug, Clone, Copy)]
pub struct NewOutboxEmail<'a> {
    /// Recipient address.
    pub recipient: &'a str,
    /// Recipient user.
    pub recipient_user_id: Option<Uuid>,
    /// Template.
    pub template: &'a str,
    /// Locale.
    pub locale: &'a str,
    /// Template data.
    pub payload: &'a serde_json::Value,
}

/// Queues many e-mails (no alert group) with one `INSERT … SELECT unnest(…)`, each due now like
/// [`insert`]; returns their ids in the order of `rows`.
pub async fn insert_many(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    rows: &[NewOutboxEmail<'_>],
) -> crate::Result<Vec<Uuid>> {
    use diesel::sql_types::{Array, Jsonb, Nullable, Text, Uuid as SqlUuid};
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|_| crate::new_id()).collect();
    diesel::sql_query(
        "INSERT INTO email_outbox (id, tenant_id, recipient, recipient_user_id, template, locale, \
           payload, next_attempt_at) \
         SELECT t.id, $1, t.recipient, t.recipient_user_id, t.template, t.locale, t.payload, now() \
         FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[]) \
           AS t(id, recipient, recipient_user_id, template, locale, payload)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.recipient).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(
        rows.iter().map(|r| r.recipient_user_id).collect::<Vec<_>>(),
    )
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.template).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.locale).collect::<Vec<_>>())
    .bind::<Array<Jsonb>, _>(rows.iter().map(|r| r.payload.clone()).collect::<Vec<_>>())
    .prepared()
    .execute(conn)
    .await?;
    Ok(ids)
}

/// Queues one e-mail to an address of a staff alert group (`alert_group` set, no recipient
/// user) and returns its id.
pub async fn insert_alert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    group: AlertGroup,
    recipient: &str,
    template: &str,
    locale: &str,
    payload: &serde_json::Value,
) -> crate::Result<Uuid> {
    insert_row(
        conn,
        tenant_id,
        (recipient, None),
        template,
        locale,
        payload,
        Some(group),
    )
    .await
}

async fn insert_row(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    (recipient, recipient_user_id): (&str, Option<Uuid>),
    template: &str,
    locale: &str,
    payload: &serde_json::Value,
    group: Option<AlertGroup>,
) -> crate::Result<Uuid> {
    diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::id.eq(crate::new_id()),
            email_outbox::tenant_id.eq(tenant_id),
            email_outbox::recipient.eq(recipient),
            email_outbox::recipient_user_id.eq(recipient_user_id),
            email_outbox::template.eq(template),
            email_outbox::locale.eq(locale),
            email_outbox::payload.eq(payload),
            email_outbox::next_attempt_at.eq(diesel::dsl::now),
            email_outbox::alert_group.eq(group.map(AlertGroup::as_str)),
        ))
        .returning(email_outbox::id)
        .prepared()
        .get_result(conn)
        .await
}

/// Queues one e-mail (no alert group) and the job that sends it in one statement (ADR 0080):
/// the row `id` is chosen by the caller because the job's payload names it.
pub async fn insert_with_job(
    mut conn: &AsyncPgConnection,
    id: Uuid,
    tenant_id: Uuid,
    email: &NewOutboxEmail<'_>,
    (job_type, job_payload): (&str, &serde_json::Value),
) -> crate::Result<()> {
    use diesel::sql_types::{Jsonb, Nullable, Text, Uuid as SqlUuid};
    diesel::sql_query(
        "WITH email AS (
           INSERT INTO email_outbox (id, tenant_id, recipient, recipient_user_id, template, locale,
               payload, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, CURRENT_TIMESTAMP)
           RETURNING id)
         INSERT INTO job_outbox (id, job_type, payload) SELECT $8, $9, $10 FROM email",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Text, _>(email.recipient)
    .bind::<Nullable<SqlUuid>, _>(email.recipient_user_id)
    .bind::<Text, _>(email.template)
    .bind::<Text, _>(email.locale)
    .bind::<Jsonb, _>(email.payload)
    .bind::<SqlUuid, _>(crate::new_id())
    .bind::<Text, _>(job_type)
    .bind::<Jsonb, _>(job_payload)
    .prepared()
    .execute(&mut conn)
    .await
    .map(|_| ())
}

/// A row by id.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<OutboxEmailRow>> {
    email_outbox::table
        .find(id)
        .select(OutboxEmailRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// A row by id, locked.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<OutboxEmailRow>> {
    email_outbox::table
        .find(id)
        .select(OutboxEmailRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Takes the lease: status `sending` until `claimed_until` (the caller's now + lease).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    claimed_until: DateTime<Utc>,
) -> crate::Result<OutboxEmailRow> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq("sending"),
            email_outbox::claimed_until.eq(claimed_until),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .returning(OutboxEmailRow::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// Records a successful delivery.
pub async fn mark_sent(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    message_id: Option<&str>,
) -> crate::Result<()> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq("sent"),
            email_outbox::delivered.eq(true),
            email_outbox::attempts.eq(email_outbox::attempts + 1),
            email_outbox::sent_at.eq(diesel::dsl::now),
            email_outbox::message_id.eq(message_id),
            email_outbox::claimed_until.eq(None::<DateTime<Utc>>),
            email_outbox::last_error.eq(None::<String>),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a failed attempt: back to `pending` with the worker's planned `next_attempt_at`, or
/// `failed` when final.
pub async fn mark_failed_attempt(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    final_failure: bool,
    next_attempt_at: Option<DateTime<Utc>>,
) -> crate::Result<()> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(if final_failure { "failed" } else { "pending" }),
            email_outbox::attempts.eq(email_outbox::attempts + 1),
            email_outbox::last_error.eq(error),
            email_outbox::next_attempt_at.eq(next_attempt_at),
            email_outbox::claimed_until.eq(None::<DateTime<Utc>>),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .prepared()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Back to `pending` with attempts reset and due at `next_attempt_at` (admin retry: the caller's
/// now).
pub async fn reset_for_retry(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    next_attempt_at: DateTime<Utc>,
) -> crate::Result<OutboxEmailRow> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq("pending"),
            email_outbox::attempts.eq(0),
            email_outbox::next_attempt_at.eq(next_attempt_at),
            email_outbox::claimed_until.eq(None::<DateTime<Utc>>),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .returning(OutboxEmailRow::as_returning())
        .prepared()
        .get_result(conn)
        .await
}

/// Filters of the outbox list.
#[derive(Debug, Clone, Default)]
pub struct EmailFilter {
    /// Delivered or not.
    pub delivered: Option<bool>,
    /// Status.
    pub status: Option<String>,
    /// Template.
    pub template: Option<String>,
    /// Recipient (exact, lower-cased).
    pub recipient: Option<String>,
}

/// One page, newest first, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &EmailFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<OutboxEmailRow>, i64)> {
    let build = || {
        let mut query = email_outbox::table
            .filter(email_outbox::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(value) = filter.delivered {
            query = query.filter(email_outbox::delivered.eq(value));
        }
        if let Some(value) = &filter.status {
            query = query.filter(email_outbox::status.eq(value.clone()));
        }
        if let Some(value) = &filter.template {
            query = query.filter(email_outbox::template.eq(value.clone()));
        }
        if let Some(value) = &filter.recipient {
            query = query.filter(email_outbox::recipient.eq(value.clone()));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((email_outbox::created_at.desc(), email_outbox::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(OutboxEmailRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Undelivered rows (`pending`, `sending`, `failed`), for the gauge.
pub async fn count_pending(conn: &mut AsyncPgConnection) -> crate::Result<i64> {
    email_outbox::table
        .filter(email_outbox::delivered.eq(false))
        .filter(email_outbox::status.ne("cancelled"))
        .count()
        .get_result(conn)
        .await
}

/// Cancels e-mails not yet sent to a person (by user or by address); answers how many.
pub async fn cancel_pending_to(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
    address: &str,
) -> crate::Result<usize> {
    let query = diesel::update(email_outbox::table)
        .filter(email_outbox::tenant_id.eq(tenant_id))
        .filter(email_outbox::status.eq("pending"))
        .into_boxed();
    let query = match user_id {
        Some(user_id) => query.filter(
            email_outbox::recipient
                .eq(address.to_owned())
                .or(email_outbox::recipient_user_id.eq(user_id)),
        ),
        None => query.filter(email_outbox::recipient.eq(address.to_owned())),
    };
    query
        .set((
            email_outbox::status.eq("cancelled"),
            email_outbox::next_attempt_at.eq(None::<DateTime<Utc>>),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}
