//! `POST /vtex/reconciliations/discrepancies/{id}/accept` (`domain.md` §4.9, §5.16.4): an `open`
//! discrepancy is accepted with a justification of 20–1 000 characters (counted after trimming)
//! and becomes final; anything not `open` is 409 `discrepancy_not_open`.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::reconciliation::DiscrepancyResponse;
use afiliados_api_types::reconciliation_requests::AcceptDiscrepancyRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, FieldCode};
use serde_json::json;
use uuid::Uuid;

use super::representation::{self, ACTORS};
use super::reprocess::{locked, refresh_counters};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Shortest justification, in characters.
pub const JUSTIFICATION_MIN: usize = 20;
/// Longest justification, in characters.
pub const JUSTIFICATION_MAX: usize = 1_000;

/// The trimmed justification, or the field problem.
pub fn justification(body: &AcceptDiscrepancyRequest) -> Result<String, UseCaseError> {
    let mut p = Problems::new();
    let text = body
        .justification
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let chars = text.chars().count();
    if text.is_empty() {
        p.push("justification", FieldCode::Required);
    } else if chars < JUSTIFICATION_MIN {
        p.push_with(
            "justification",
            FieldCode::TooShort,
            json!({"minimum": JUSTIFICATION_MIN}),
        );
    } else if chars > JUSTIFICATION_MAX {
        p.push_with(
            "justification",
            FieldCode::TooLong,
            json!({"maximum": JUSTIFICATION_MAX}),
        );
    }
    p.finish()?;
    Ok(text.to_owned())
}

/// 200 with the discrepancy `accepted`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, discrepancy.id = %id))]
pub async fn accept(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    body: &AcceptDiscrepancyRequest,
) -> Result<DiscrepancyResponse, UseCaseError> {
    actor.require_any(&ACTORS)?;
    let text = justification(body)?;
    let row = locked(tx, ctx, id).await?;
    let not_open = || {
        UseCaseError::conflict_with(ErrorCode::DiscrepancyNotOpen, json!({"status": row.status}))
    };
    if row.status != "open" {
        return Err(not_open());
    }
    let updated =
        afiliados_db::reconciliation_queries::accept(tx, row.id, &text, &actor.email, ctx.now())
            .await?
            .ok_or_else(not_open)?;
    refresh_counters(tx, ctx, &updated).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("discrepancy.accepted", "reconciliation_discrepancy", row.id).changes(
            Some(json!({"status": row.status})),
            Some(json!({"status": updated.status, "justification": text,
                        "vtexOrderId": updated.vtex_order_id, "class": updated.class})),
        ),
    )
    .await?;
    representation::discrepancy(&updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(n: usize) -> AcceptDiscrepancyRequest {
        AcceptDiscrepancyRequest {
            justification: Some("x".repeat(n)),
        }
    }

    #[test]
    fn twenty_to_a_thousand_characters() {
        assert!(justification(&of(19)).is_err());
        assert!(justification(&of(20)).is_ok());
        assert!(justification(&of(1_000)).is_ok());
        assert!(justification(&of(1_001)).is_err());
        assert!(justification(&AcceptDiscrepancyRequest::default()).is_err());
    }
}
