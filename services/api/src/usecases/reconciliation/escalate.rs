//! Escalation (`domain.md` §4.9, §5.16.4, §5.17): the worker's daily tick
//! (`POST /internal/v1/discrepancies/escalate {now}`) flags every `open` discrepancy first
//! detected more than `RECONCILIATION_ESCALATION_DAYS` days before `now` and never escalated:
//! `escalated_at` is set (so each is escalated once), every `admin_dentsu` gets an in-app
//! `discrepancy.escalated` and the `discrepancy_escalated` e-mail, and a `discrepancy_escalated`
//! operational alert is raised (its rows and in-app fan-out; the e-mail is this one, not the
//! generic alert e-mail). The tick's `now` is the clock, so a replayed tick decides the same.

use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_domain::{AlertSeverity, AlertType, Role, UserStatus};
use afiliados_email_messages::DiscrepancyEscalated;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::alerts::{AlertInput, raise};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Escalates what is due at `now`; returns how many were escalated.
#[tracing::instrument(skip_all, fields(escalation.now = %now))]
pub async fn escalate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    now: DateTime<Utc>,
) -> Result<u64, UseCaseError> {
    let days = ctx.settings.reconciliation.escalation_days;
    let before = now - Duration::days(i64::from(days));
    let due =
        afiliados_db::reconciliation_queries::due_for_escalation(tx, ctx.tenant_id, before).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let admins =
        afiliados_db::roles::active_holders(tx, ctx.tenant_id, &[Role::AdminDentsu.as_str()])
            .await?;
    for row in &due {
        afiliados_db::reconciliation_queries::mark_escalated(tx, row.id, now).await?;
        let payload = json!({
            "discrepancyId": row.id,
            "vtexOrderId": row.vtex_order_id,
            "class": row.class.trim(),
            "firstDetectedAt": row.first_detected_at,
            "brandId": row.brand_id,
        });
        let brand_name = match row.brand_id {
            Some(id) => afiliados_db::brands::find(tx, ctx.tenant_id, id)
                .await?
                .map(|brand| brand.name),
            None => None,
        };
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
            email(tx, ctx, *admin, row, brand_name.as_deref(), days).await?;
        }
        raise(
            tx,
            ctx,
            AlertInput {
                alert_type: AlertType::DiscrepancyEscalated,
                severity: AlertSeverity::Warning,
                dedup_key: row.id.to_string(),
                message: format!(
                    "La discrepancia {} del pedido {} sigue abierta después de {days} días",
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

/// The `discrepancy_escalated` e-mail to one admin, in the admin's locale (active users only).
async fn email(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: Uuid,
    row: &DiscrepancyRow,
    brand_name: Option<&str>,
    days: u32,
) -> Result<(), UseCaseError> {
    let Some(user) = afiliados_db::users::find(tx, ctx.tenant_id, admin).await? else {
        return Ok(());
    };
    if user.status != UserStatus::Active {
        return Ok(());
    }
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &user.email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message: DiscrepancyEscalated {
                first_name: user.first_name.clone(),
                class: row.class.trim().to_owned(),
                vtex_order_id: row.vtex_order_id.clone(),
                brand_name: brand_name.map(str::to_owned),
                first_detected_at: row.first_detected_at,
                days,
                last_error: row.last_error.clone(),
                link: format!(
                    "{}/reconciliation/discrepancies?escalated=true",
                    ctx.settings.web_public_url.trim_end_matches('/')
                ),
            }
            .into(),
        },
    )
    .await?;
    Ok(())
}
