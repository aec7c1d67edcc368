//! `SendEmail { emailId }`: claim the outbox row, render it, send it, report the outcome
//! (`architecture.md` §1.3 step 6, `api.md` §21.4).
//!
//! Idempotent: a row already sent or cancelled answers 410 on claim and the job ends; a row
//! another worker is sending answers 409 and the job retries later. The outbox id is the SMTP
//! `Message-ID` local part, so a resend after a crash is recognisable.

use std::time::Duration;

use afiliados_api_client::{ApiClientError, InternalApi};
use afiliados_api_types::internal::EmailDeliveryReport;
use afiliados_jobs::{EmailsTask, QueueTask as _, SendEmail, queues};
use afiliados_mailer::{Locale, MailError, message_id, render_message};
use anyhow::anyhow;
use apalis::prelude::TaskId;
use chrono::Utc;
use uuid::Uuid;

use crate::{JobError, WorkerCtx, jobs::Consumer, retry};

/// How long the api keeps the row ours after a claim.
pub const LEASE_SECONDS: u32 = 120;
/// Bound on one attempt; below the lease so an attempt never outlives its claim.
pub const TIMEOUT: Duration = Duration::from_secs(90);
/// Tries of the delivery report after a successful send, before giving up on this attempt.
const REPORT_TRIES: u32 = 3;

/// What a failed claim means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClaimFailure {
    /// 410: sent or cancelled already; nothing to do.
    Gone,
    /// 409: another worker holds the lease; try later.
    Busy,
    /// Another 4xx (404, 401, 422): no retry can help.
    Permanent,
    /// 5xx, timeout or unreachable api.
    Transient,
}

pub(crate) fn classify_claim(status: Option<u16>) -> ClaimFailure {
    match status {
        Some(410) => ClaimFailure::Gone,
        Some(409) => ClaimFailure::Busy,
        Some(status) if (400..500).contains(&status) => ClaimFailure::Permanent,
        _ => ClaimFailure::Transient,
    }
}

impl Consumer for EmailsTask {
    const WORKER: &'static str = "emails";
    const TIMEOUT: Duration = TIMEOUT;

    fn span(&self, task_id: &TaskId, attempt: usize) -> tracing::Span {
        match self {
            EmailsTask::SendEmail(job) => {
                tracing::info_span!("send_email", job.queue = queues::EMAILS, job.id = %task_id, job.attempt = attempt, email.id = %job.email_id)
            }
        }
    }

    async fn handle(
        self,
        ctx: &WorkerCtx,
        attempt: usize,
        request_id: String,
    ) -> Result<(), JobError> {
        match self {
            EmailsTask::SendEmail(job) => handle(job, ctx, attempt, request_id).await,
        }
    }
}

/// One attempt: claim → render → send → report.
pub async fn handle(
    job: SendEmail,
    ctx: &WorkerCtx,
    attempt: usize,
    request_id: String,
) -> Result<(), JobError> {
    if ctx.is_shutting_down() {
        return Err(JobError::Transient(anyhow!(
            "the worker is shutting down; the task goes back to the queue"
        )));
    }
    // The task id: the api's request id, and the key of this task's retry delay.
    let task = request_id.clone();
    let api = ctx.api.with_request_id(request_id);
    let id = job.email_id;
    let email = match api.claim_email(id, LEASE_SECONDS).await {
        Ok(email) => email,
        Err(error) => {
            let status = error.status().map(|status| status.as_u16());
            return match classify_claim(status) {
                ClaimFailure::Gone => {
                    tracing::info!(email.id = %id, "e-mail already sent or cancelled; nothing to do");
                    Ok(())
                }
                ClaimFailure::Busy => Err(JobError::Transient(anyhow!(
                    "another worker holds the lease of e-mail {id}"
                ))),
                ClaimFailure::Permanent => Err(JobError::Permanent(
                    anyhow!(error).context(format!("claiming e-mail {id}")),
                )),
                ClaimFailure::Transient => Err(JobError::Transient(
                    anyhow!(error).context(format!("claiming e-mail {id}")),
                )),
            };
        }
    };

    let rendered = match email
        .message()
        .map_err(MailError::from)
        .and_then(|message| render_message(&message, Locale::from_tag(&email.locale)))
    {
        Ok(rendered) => rendered,
        Err(error) => {
            report_failure(&api, id, &error, None).await;
            return Err(JobError::Permanent(
                anyhow!(error).context(format!("rendering template {}", email.template)),
            ));
        }
    };

    let message_id = message_id(id);
    match ctx
        .mailer
        .send(&email.recipient, &rendered, &message_id)
        .await
    {
        Ok(()) => {
            let report = EmailDeliveryReport {
                delivered: true,
                message_id: Some(message_id),
                error: None,
                permanent: false,
                retry_at: None,
            };
            report_delivered(&api, id, &report).await
        }
        Err(error) => {
            let permanent =
                error.is_permanent() || retry::is_last_attempt(attempt, EmailsTask::MAX_ATTEMPTS);
            let retry_at = planned_retry(ctx.retry, &task, attempt, permanent, Utc::now());
            report_failure(&api, id, &error, retry_at).await;
            let error = anyhow!(sanitized(&error)).context(format!("sending e-mail {id}"));
            Err(if permanent {
                JobError::Permanent(error)
            } else {
                JobError::Transient(error)
            })
        }
    }
}

/// When the retry policy will run the next attempt of `task` after failed attempt `attempt`
/// (`None` when the failure is final). The worker's backoff is the one retry clock: the api only
/// records this.
fn planned_retry(
    backoff: retry::Backoff,
    task: &str,
    attempt: usize,
    permanent: bool,
    now: chrono::DateTime<Utc>,
) -> Option<chrono::DateTime<Utc>> {
    if permanent {
        return None;
    }
    chrono::Duration::from_std(backoff.delay_for(task, attempt))
        .ok()
        .and_then(|delay| now.checked_add_signed(delay))
}

/// Reports a delivered message, retrying briefly: once SMTP accepted it, losing the report would
/// mean sending it again after the lease expires.
async fn report_delivered(
    api: &InternalApi,
    id: Uuid,
    report: &EmailDeliveryReport,
) -> Result<(), JobError> {
    let mut last: Option<ApiClientError> = None;
    for try_number in 1..=REPORT_TRIES {
        match api.report_email_delivery(id, report).await {
            Ok(()) => return Ok(()),
            Err(error) if error.is_transient() && try_number < REPORT_TRIES => {
                tokio::time::sleep(Duration::from_secs(u64::from(try_number))).await;
                last = Some(error);
            }
            Err(error) => {
                last = Some(error);
                break;
            }
        }
    }
    let error = last.map_or_else(|| anyhow!("no report attempt made"), |error| anyhow!(error));
    Err(JobError::Transient(error.context(format!(
        "reporting e-mail {id} as delivered (it was sent)"
    ))))
}

/// Reports a failed attempt so the api records `attempts`, `last_error` and, when the task will
/// be retried, `retry_at` (`None` means the failure is final). A report that fails is only
/// logged: the job's own error already decides what happens next.
async fn report_failure(
    api: &InternalApi,
    id: Uuid,
    error: &MailError,
    retry_at: Option<chrono::DateTime<Utc>>,
) {
    let report = EmailDeliveryReport {
        delivered: false,
        message_id: None,
        error: Some(error.to_string()),
        permanent: retry_at.is_none(),
        retry_at,
    };
    if let Err(report_error) = api.report_email_delivery(id, &report).await {
        tracing::warn!(email.id = %id, error = %report_error, "could not report the failed delivery");
    }
}

/// The failure without the SMTP server's text, which may quote the recipient's address: logs
/// carry ids, never personal data (the api still gets the full text in the report).
fn sanitized(error: &MailError) -> String {
    match error {
        MailError::Smtp(smtp) => match smtp.status() {
            Some(code) => format!("SMTP server answered {code}"),
            None if smtp.is_timeout() => "SMTP timed out".into(),
            None if smtp.is_tls() => "SMTP TLS failed".into(),
            None => "SMTP connection failed".into(),
        },
        MailError::InvalidAddress { field, .. } => format!("invalid {field} address"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_retry_is_the_policys_delay_for_that_task_and_attempt() {
        let backoff = retry::Backoff::default();
        let now = chrono::DateTime::UNIX_EPOCH;
        for attempt in 1..=9 {
            let planned = planned_retry(backoff, "task-7", attempt, false, now);
            let delay = backoff.delay_for("task-7", attempt);
            assert_eq!(
                planned.map(|at| (at - now).to_std().ok()),
                Some(Some(delay)),
                "{attempt}"
            );
        }
        assert_eq!(planned_retry(backoff, "task-7", 3, true, now), None);
    }

    #[test]
    fn claim_answers_are_classified() {
        assert_eq!(classify_claim(Some(410)), ClaimFailure::Gone);
        assert_eq!(classify_claim(Some(409)), ClaimFailure::Busy);
        assert_eq!(classify_claim(Some(404)), ClaimFailure::Permanent);
        assert_eq!(classify_claim(Some(401)), ClaimFailure::Permanent);
        assert_eq!(classify_claim(Some(503)), ClaimFailure::Transient);
        assert_eq!(
            classify_claim(None),
            ClaimFailure::Transient,
            "unreachable api"
        );
    }
}
