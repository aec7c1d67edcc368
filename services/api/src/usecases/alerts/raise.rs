//! Raising an operational alert. The first raise of a condition stores the alert and fans out an
//! operational in-app notification to every AD and GA; raising it again while it is still
//! unacknowledged only bumps the open alert (no flood). Every raise is counted.

use afiliados_db::AsyncPgConnection;
use afiliados_db::alerts::{AlertRow, NewAlert};
use afiliados_domain::{AlertSeverity, AlertType, Role};
use serde_json::json;
use uuid::Uuid;

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
    Ok((row, inserted))
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
