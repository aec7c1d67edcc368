//! Escalation (`domain.md` §4.9, §5.16.4, §5.17): the worker's daily tick
//! (`POST /internal/v1/discrepancies/escalate {now}`) flags every `open` discrepancy first
//! detected more than [`ESCALATION_DAYS`] days before `now` and never escalated: `escalated_at`
//! is set (so each is escalated once), every `admin_dentsu` gets an in-app
//! `discrepancy.escalated`, and a `discrepancy_escalated` operational alert is raised. The tick's
//! `now` is the clock, so a replayed tick decides the same.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::{AlertSeverity, AlertType, Role};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::alerts::{AlertInput, raise};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `RECONCILIATION_ESCALATION_DAYS` (`domain.md` §4.9).
pub const ESCALATION_DAYS: i64 = 3;

/// Escalates what is due at `now`; returns how many were escalated.
#[tracing::instrument(skip_all, fields(escalation.now = %now))]
pub async fn escalate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    now: DateTime<Utc>,
) -> Result<u64, UseCaseError> {
    let before = now - Duration::days(ESCALATION_DAYS);
    let due =
        afiliados_db::reconciliation_queries::due_for_escalation(tx, ctx.tenant_id, before).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let admins = afiliados_db::roles::users_with_role(tx, Role::AdminDentsu.as_str()).await?;
    for row in &due {
        afiliados_db::reconciliation_queries::mark_escalated(tx, row.id, now).await?;
        let payload = json!({
            "discrepancyId": row.id,
            "vtexOrderId": row.vtex_order_id,
            "class": row.class.trim(),
            "firstDetectedAt": row.first_detected_at,
            "brandId": row.brand_id,
        });
        for admin in &admins {
            afiliados_db::notifications::insert(
                tx,
                ctx.tenant_id,
                *admin,
                "discrepancy.escalated",
                "warning",
                &payload,
            )
            .await?;
        }
        raise(
            tx,
            ctx,
            AlertInput {
                alert_type: AlertType::DiscrepancyEscalated,
                severity: AlertSeverity::Warning,
                dedup_key: row.id.to_string(),
                message: format!(
                    "La discrepancia {} del pedido {} sigue abierta después de {ESCALATION_DAYS} días",
                    row.class.trim(),
                    row.vtex_order_id
                ),
                details: payload.clone(),
            },
        )
        .await?;
        audit::record(
            tx,
            ctx.tenant_id,
            &AuditActor::Service,
            AuditEvent::new(
                "discrepancy.escalated",
                "reconciliation_discrepancy",
                row.id,
            )
            .changes(
                None,
                Some(json!({"escalatedAt": now, "admins": admins.len()})),
            ),
        )
        .await?;
    }
    Ok(u64::try_from(due.len()).unwrap_or(0))
}
