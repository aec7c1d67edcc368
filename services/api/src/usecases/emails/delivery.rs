//! The delivery rules of the e-mail outbox, which the worker drives through
//! `/internal/v1/emails/{id}` (`api.md` §21.4): reading a row, leasing it so two workers never
//! send it at once, and recording each attempt's outcome. The worker's backoff is the one retry
//! clock and the e-mail queue's cap the one attempt cap (ADR 0014): a failed attempt records the
//! retry time the worker reported, and the row is final on a permanent failure or at the cap.
//!
//! Each function takes a connection (the caller's transaction for the writes), plain inputs and
//! the current instant, and returns a typed result or a [`DeliveryError`].

use afiliados_db::AsyncPgConnection;
use afiliados_db::email_outbox::OutboxEmailRow;
use afiliados_jobs::{Job, SendEmail};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Leases the worker may ask for, in seconds.
pub const LEASE_SECONDS: std::ops::RangeInclusive<u32> = 30..=600;
/// Longest failure text kept in `last_error`.
const ERROR_CHARS: usize = 1000;

/// The attempt cap of every e-mail: the e-mail queue's, which the worker's retry policy reads too.
pub fn max_attempts() -> i32 {
    i32::try_from(SendEmail::MAX_ATTEMPTS).unwrap_or(i32::MAX)
}

/// Why a delivery step is refused.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// No such row.
    #[error("no such e-mail")]
    NotFound,
    /// Sent or cancelled already: nothing left to do.
    #[error("the e-mail was sent or cancelled")]
    Gone,
    /// Another worker holds an unexpired lease.
    #[error("another worker holds the lease")]
    Leased,
    /// The lease asked for is outside [`LEASE_SECONDS`].
    #[error("lease out of range")]
    LeaseOutOfRange,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
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

/// The row, unless it is finished.
pub async fn get(conn: &mut AsyncPgConnection, id: Uuid) -> Result<OutboxEmailRow, DeliveryError> {
    let row = afiliados_db::email_outbox::find(conn, id)
        .await?
        .ok_or(DeliveryError::NotFound)?;
    if finished(&row) {
        return Err(DeliveryError::Gone);
    }
    Ok(row)
}

/// Leases the row to the caller for `lease_seconds` from `now`, unless it is finished or another
/// worker's lease is still running.
pub async fn claim(
    tx: &mut AsyncPgConnection,
    id: Uuid,
    lease_seconds: u32,
    now: DateTime<Utc>,
) -> Result<OutboxEmailRow, DeliveryError> {
    if !LEASE_SECONDS.contains(&lease_seconds) {
        return Err(DeliveryError::LeaseOutOfRange);
    }
    let row = afiliados_db::email_outbox::find_for_update(tx, id)
        .await?
        .ok_or(DeliveryError::NotFound)?;
    if finished(&row) {
        return Err(DeliveryError::Gone);
    }
    if row.status == "sending" && row.claimed_until.is_some_and(|until| until > now) {
        return Err(DeliveryError::Leased);
    }
    let until = now + Duration::seconds(i64::from(lease_seconds));
    Ok(afiliados_db::email_outbox::claim(tx, row.id, until).await?)
}

/// Records one attempt: sent, a failure the worker retries (with the time it plans), or a final
/// failure (permanent, or the attempt cap reached). Idempotent once the row is finished.
pub async fn record(
    tx: &mut AsyncPgConnection,
    id: Uuid,
    report: AttemptReport<'_>,
) -> Result<Recorded, DeliveryError> {
    let row = afiliados_db::email_outbox::find_for_update(tx, id)
        .await?
        .ok_or(DeliveryError::NotFound)?;
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
    metrics::counter!("marketing_afiliados_emails_failed_total", "template" => row.template.clone()).increment(1);
    tracing::warn!(email.id = %row.id, email.template = %row.template, "e-mail failed for good");
    Ok(Recorded::Failed)
}
