//! Raising an operational alert. The first raise of a condition stores the alert and fans out an
//! operational in-app notification to every AD and GA; raising it again while it is still
//! unacknowledged only bumps the open alert (no flood). Every raise is counted and logged.
//!
//! The group e-mail (`operational_alert`, to `AlertType::group()`) goes out unless an alert of the same type and key — open or already
//! acknowledged — was e-mailed within `ALERT_DEDUP_MINUTES` (ADR 0058): a condition that keeps
//! firing e-mails at most once per window, and a new alert right after an acknowledgement does
//! not e-mail again either. An alert without a group (a discrepancy escalation) has no group
//! e-mail: its use case sends its own message (`discrepancy_escalated`, ADR 0070).

use afiliados_db::AsyncPgConnection;
use afiliados_db::alerts::{AlertRow, NewAlert};
use afiliados_domain::{AlertSeverity, AlertType, Role};
use afiliados_email_messages::OperationalAlert;
use serde_json::json;
use uuid::Uuid;

use crate::usecases::emails::queue_alert;
use crate::usecases::{UseCaseContext, UseCaseError};

/// What is raised.
#[derive(Debug, Clone)]
pub struct AlertInput {
    /// The condition.
    pub alert_type: AlertType,
    /// `warning|critical`.
    pub severity: AlertSeverity,
    /// What identifies the occurrence (order id, job name, run id): one open alert per type and
    /// key.
    pub dedup_key: String,
    /// What happened, in Spanish.
    pub message: String,
    /// Ids, counts, thresholds.
    pub details: serde_json::Value,
}

/// Raises `input` in the caller's transaction; returns the alert and whether it is new.
pub async fn raise(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    input: AlertInput,
) -> Result<(AlertRow, bool), UseCaseError> {
    let now = ctx.now();
    let (row, inserted) = afiliados_db::alerts::raise(
        tx,
        &NewAlert {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            alert_type: input.alert_type.as_str().to_owned(),
            severity: input.severity.as_str().to_owned(),
            dedup_key: input.dedup_key,
            message: input.message,
            details: input.details,
            raised_at: now,
            last_raised_at: now,
            emailed: false,
        },
    )
    .await?;
    metrics::counter!("marketing_afiliados_alerts_total", "alert_type" => input.alert_type.as_str())
        .increment(1);
    log(&row, inserted);
    if inserted {
        let payload = json!({
            "alertId": row.id,
            "alertType": row.alert_type,
            "message": row.message,
            "details": row.details,
        });
        for user in operators(tx).await? {
            afiliados_db::notifications::insert_operational(
                tx,
                ctx.tenant_id,
                user,
                row.id,
                &format!("alert.{}", row.alert_type),
                &row.severity,
                &payload,
            )
            .await?;
        }
    }
    let row = email(tx, ctx, input.alert_type, row).await?;
    Ok((row, inserted))
}

/// Every raise is logged: `email_undelivered` as an error, since mail may be the thing that is
/// down and the log is then the only channel left.
fn log(row: &AlertRow, inserted: bool) {
    if row.alert_type == AlertType::EmailUndelivered.as_str() {
        tracing::error!(
            alert.id = %row.id, alert.alert_type = %row.alert_type, alert.dedup_key = %row.dedup_key,
            alert.raise_count = row.raise_count, alert.new = inserted,
            "operational alert: {}", row.message
        );
    } else {
        tracing::warn!(
            alert.id = %row.id, alert.alert_type = %row.alert_type, alert.dedup_key = %row.dedup_key,
            alert.raise_count = row.raise_count, alert.new = inserted,
            "operational alert raised"
        );
    }
}

/// Queues the alert's e-mail unless the type and key were e-mailed within the dedup window;
/// returns the row (with `emailed` and `last_emailed_at` set when it went out).
async fn email(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    alert_type: AlertType,
    row: AlertRow,
) -> Result<AlertRow, UseCaseError> {
    let now = ctx.now();
    let window = chrono::Duration::minutes(ctx.settings.alert_checks.dedup_minutes);
    let last =
        afiliados_db::alerts::last_emailed_at(tx, ctx.tenant_id, &row.alert_type, &row.dedup_key)
            .await?;
    if last.is_some_and(|at| now - at < window) {
        return Ok(row);
    }
    let message = OperationalAlert {
        alert_type: row.alert_type.clone(),
        severity: row.severity.clone(),
        message: row.message.clone(),
        dedup_key: row.dedup_key.clone(),
        raised_at: row.raised_at,
        raise_count: row.raise_count,
        link: format!(
            "{}/alertas",
            ctx.settings.web_public_url.trim_end_matches('/')
        ),
    };
    // No group: the raiser e-mails its own template (the escalation's `discrepancy_escalated`).
    let Some(group) = alert_type.group() else {
        return Ok(row);
    };
    let queued = queue_alert(
        tx,
        ctx.tenant_id,
        &ctx.settings.alert_recipients,
        group,
        message.into(),
    )
    .await?;
    if queued == 0 {
        return Ok(row);
    }
    Ok(afiliados_db::alerts::mark_emailed(tx, row.id, now).await?)
}

/// Every AD and GA, once each: the operational queue's readers.
async fn operators(tx: &mut AsyncPgConnection) -> Result<Vec<Uuid>, UseCaseError> {
    let mut users = Vec::new();
    for role in [Role::AdminDentsu, Role::GestorAfiliados] {
        for user in afiliados_db::roles::users_with_role(tx, role.as_str()).await? {
            if !users.contains(&user) {
                users.push(user);
            }
        }
    }
    Ok(users)
}

/// Longest dedup key the worker may send.
const MAX_DEDUP_KEY: usize = 200;
/// Longest message the worker may send.
const MAX_MESSAGE: usize = 2_000;

/// `POST /internal/v1/alerts`: an alert the worker detected itself (`job_failed` at a job's
/// attempt cap, `vtex_auth`, `backup_failure`), checked and raised like any other.
pub async fn reported(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: afiliados_api_types::alerts::RaiseAlertRequest,
) -> Result<AlertRow, UseCaseError> {
    use afiliados_domain::FieldCode;
    let dedup_key = request.dedup_key.trim();
    if dedup_key.is_empty() {
        return Err(UseCaseError::invalid("dedupKey", FieldCode::Required));
    }
    if dedup_key.chars().count() > MAX_DEDUP_KEY {
        return Err(UseCaseError::invalid("dedupKey", FieldCode::TooLong));
    }
    let message = request.message.trim();
    if message.is_empty() {
        return Err(UseCaseError::invalid("message", FieldCode::Required));
    }
    if message.chars().count() > MAX_MESSAGE {
        return Err(UseCaseError::invalid("message", FieldCode::TooLong));
    }
    let details = match request.details {
        serde_json::Value::Null => json!({}),
        details @ serde_json::Value::Object(_) => details,
        _ => return Err(UseCaseError::invalid("details", FieldCode::InvalidType)),
    };
    let (row, _) = raise(
        tx,
        ctx,
        AlertInput {
            alert_type: request.alert_type,
            severity: request.severity,
            dedup_key: dedup_key.to_owned(),
            message: message.to_owned(),
            details,
        },
    )
    .await?;
    Ok(row)
}
