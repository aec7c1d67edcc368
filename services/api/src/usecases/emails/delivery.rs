//! The delivery rules of the e-mail outbox, which the worker drives through
//! `/internal/v1/emails/{id}` (`api.md` §21.4): reading a row, leasing it so two workers never
//! send it at once, and recording each attempt's outcome. The worker's backoff is the one retry
//! clock and the e-mail queue's cap the one attempt cap (ADR 0014): a failed attempt records the
//! retry time the worker reported, and the row is final on a permanent failure or at the cap.
//!
//! These are use cases without an actor (the caller is the worker, authenticated as a service by
//! the `/internal/v1` scope): each takes the caller's transaction, the [`UseCaseContext`] (tenant,
//! and the clock the lease is measured on) and plain inputs, and answers a [`UseCaseError`]:
//! `NotFound` (404), `Gone` (410, sent or cancelled), a `conflict` (409, another worker's lease)
//! or `Invalid` (422, `leaseSeconds` `out_of_range`).

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::email_outbox::OutboxEmailRow;
use afiliados_domain::FieldCode;
use afiliados_jobs::{Job, SendEmail};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::sealed;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Leases the worker may ask for, in seconds.
pub const LEASE_SECONDS: std::ops::RangeInclusive<u32> = 30..=600;
/// Longest failure text kept in `last_error`.
const ERROR_CHARS: usize = 1000;

/// The attempt cap of every e-mail: the e-mail queue's, which the worker's retry policy reads too.
pub fn max_attempts() -> i32 {
    i32::try_from(SendEmail::MAX_ATTEMPTS).unwrap_or(i32::MAX)
}

/// What the worker reports about one attempt.
#[derive(Debug, Clone, Copy)]
pub struct AttemptReport<'a> {
    /// The SMTP server accepted the message.
    pub delivered: bool,
    /// The `Message-ID` used.
    pub message_id: Option<&'a str>,
    /// The failure's text.
    pub error: Option<&'a str>,
    /// No attempt can succeed.
    pub permanent: bool,
    /// When the worker's backoff plans the next attempt.
    pub retry_at: Option<DateTime<Utc>>,
}

/// What a report changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The row was already sent or cancelled; a repeated report changes nothing.
    AlreadyFinished,
    /// Sent.
    Sent,
    /// Failed; back to `pending` until the worker's next attempt.
    WillRetry,
    /// Failed for good: permanent, or the cap reached.
    Failed,
}

/// Sent or cancelled: no more attempts.
fn finished(row: &OutboxEmailRow) -> bool {
    row.delivered || matches!(row.status.as_str(), "sent" | "cancelled")
}

/// The tenant's row `id`, locked for the caller's transaction when `lock` is set; a row of
/// another tenant is not found.
async fn find(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    lock: bool,
) -> Result<OutboxEmailRow, UseCaseError> {
    let row = if lock {
        afiliados_db::email_outbox::find_for_update(conn, id).await?
    } else {
        afiliados_db::email_outbox::find(conn, id).await?
    };
    row.filter(|row| row.tenant_id == ctx.tenant_id)
        .ok_or(UseCaseError::NotFound)
}

/// The row, unless it is finished (`Gone`). A sealed payload stays hidden (`{"sealed": true}`):
/// only the lease holder gets the link (ADR 0024).
#[tracing::instrument(skip_all, fields(email.id = %id))]
pub async fn get(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<OutboxEmailRow, UseCaseError> {
    let mut row = find(conn, ctx, id, false).await?;
    if finished(&row) {
        return Err(UseCaseError::Gone);
    }
    row.payload = sealed::redacted(&row.payload);
    Ok(row)
}

/// Leases the row to the caller for `lease_seconds` from the context's now, unless it is
/// finished or another worker's lease is still running; the payload comes back opened.
#[tracing::instrument(skip_all, fields(email.id = %id, lease_seconds))]
pub async fn claim(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    lease_seconds: u32,
) -> Result<OutboxEmailRow, UseCaseError> {
    if !LEASE_SECONDS.contains(&lease_seconds) {
        return Err(UseCaseError::invalid("leaseSeconds", FieldCode::OutOfRange));
    }
    let row = find(tx, ctx, id, true).await?;
    if finished(&row) {
        return Err(UseCaseError::Gone);
    }
    let now = ctx.now();
    if row.status == afiliados_domain::EmailStatus::Sending
        && row.claimed_until.is_some_and(|until| until > now)
    {
        return Err(UseCaseError::conflict(ErrorCode::Conflict));
    }
    let until = now + Duration::seconds(i64::from(lease_seconds));
    let mut row = afiliados_db::email_outbox::claim(tx, row.id, until).await?;
    // The lease holder is about to send it: the one place the clear link leaves the api.
    row.payload = sealed::open(ctx.data_keys, &row.template, &row.recipient, &row.payload)
        .map_err(|error| UseCaseError::Internal(error.into()))?;
    Ok(row)
}

/// Records one attempt: sent, a failure the worker retries (with the time it plans), or a final
/// failure (permanent, or the attempt cap reached). Idempotent once the row is finished.
#[tracing::instrument(skip_all, fields(email.id = %id, delivered = report.delivered))]
pub async fn record(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    report: AttemptReport<'_>,
) -> Result<Recorded, UseCaseError> {
    let row = find(tx, ctx, id, true).await?;
    if finished(&row) {
        return Ok(Recorded::AlreadyFinished);
    }
    if report.delivered {
        afiliados_db::email_outbox::mark_sent(tx, row.id, report.message_id).await?;
        metrics::counter!("marketing_afiliados_emails_sent_total", "template" => row.template.clone()).increment(1);
        return Ok(Recorded::Sent);
    }
    let attempts = row.attempts.saturating_add(1);
    let final_failure = report.permanent || attempts >= max_attempts();
    let next_attempt_at = if final_failure { None } else { report.retry_at };
    let error: String = report
        .error
        .unwrap_or("unknown error")
        .chars()
        .take(ERROR_CHARS)
        .collect();
    afiliados_db::email_outbox::mark_failed_attempt(
        tx,
        row.id,
        &error,
        final_failure,
        next_attempt_at,
    )
    .await?;
    if !final_failure {
        return Ok(Recorded::WillRetry);
    }
    metrics::counter!(crate::metrics::EMAILS_FAILED_TOTAL, "template" => row.template.clone())
        .increment(1);
    tracing::warn!(email.id = %row.id, email.template = %row.template, "e-mail failed for good");
    Ok(Recorded::Failed)
}
