//! Acknowledging an alert by reading its notification (`api.md` §14 `POST
//! /notifications/{id}/read`): the first reader of any of its fanned-out notifications
//! acknowledges it (`acknowledged_at/by`, audit `alert.acknowledged`); a later raise of the same
//! condition then opens a new alert.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Acknowledges the alert behind the actor's notification `notification_id`, if it has one and
/// it is still open; otherwise does nothing (reading stays idempotent).
pub async fn by_notification(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    notification_id: Uuid,
) -> Result<(), UseCaseError> {
    let Some(alert_id) =
        afiliados_db::alerts::of_notification(tx, actor.user_id, notification_id).await?
    else {
        return Ok(());
    };
    let Some(row) =
        afiliados_db::alerts::acknowledge(tx, alert_id, actor.user_id, ctx.now()).await?
    else {
        return Ok(());
    };
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("alert.acknowledged", "alert", row.id).changes(
            None,
            Some(json!({
                "alertType": row.alert_type,
                "dedupKey": row.dedup_key,
                "acknowledgedAt": row.acknowledged_at,
            })),
        ),
    )
    .await?;
    Ok(())
}
