//! `POST /arco/requests/{id}/resolve`: `completed` applies the request's effect (access export,
//! rectification, revocation, anonymisation); `rejected` applies nothing. Either way the person
//! is e-mailed `arco_request_resolved` and the resolution is audited `arco.resolved`.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::arco::{ArcoRequestResponse, ResolveArcoRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::Resolution;
use afiliados_domain::{Actor, ArcoStatus, ArcoType, FieldCode};
use afiliados_email_messages::{ArcoDecision, ArcoRequestResolved};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{ARCO_STAFF, access, delete, locale_of, rectify, revoke, single_response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The validated decision and notes.
fn validate(request: &ResolveArcoRequest) -> Result<(ArcoStatus, String), UseCaseError> {
    let mut problems = Problems::new();
    let decision = match request.decision.as_str() {
        "completed" => Some(ArcoStatus::Completed),
        "rejected" => Some(ArcoStatus::Rejected),
        _ => None,
    };
    if decision.is_none() {
        problems.push("decision", FieldCode::InvalidEnum);
    }
    let notes = request.notes.trim();
    let length = notes.chars().count();
    if length < 3 {
        problems.push("notes", FieldCode::TooShort);
    } else if length > 2000 {
        problems.push("notes", FieldCode::TooLong);
    }
    problems.finish()?;
    let decision = decision.ok_or_else(|| UseCaseError::internal("decision checked above"))?;
    Ok((decision, notes.to_owned()))
}

/// Completes (applying its effect) or rejects a request (admin_dentsu, gestor).
#[tracing::instrument(skip_all, fields(
    actor.id = %staff.user_id,
    arco_request.id = %id,
    influencer.id = tracing::field::Empty,
))]
pub async fn resolve(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    id: Uuid,
    request: &ResolveArcoRequest,
) -> Result<ArcoRequestResponse, UseCaseError> {
    staff.require_any(&ARCO_STAFF)?;
    let (decision, notes) = validate(request)?;
    let row = afiliados_db::arco_requests::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    if !row.status.is_open() {
        return Err(UseCaseError::conflict_with(
            ErrorCode::ArcoNotOpen,
            json!({ "status": row.status }),
        ));
    }
    let kind = row.kind;
    let influencer =
        afiliados_db::influencers::find_for_update(tx, ctx.tenant_id, row.influencer_id)
            .await?
            .ok_or(UseCaseError::NotFound)?;
    tracing::Span::current().record("influencer.id", tracing::field::display(influencer.id));
    // Staff may correct the values of a rectification before applying them.
    let corrected: Option<Map<String, Value>> = match (&request.details, kind) {
        (Some(Value::Object(map)), ArcoType::Rectify) => Some(map.clone()),
        (Some(Value::Null) | None, _)
        | (Some(_), ArcoType::Access | ArcoType::Revoke | ArcoType::Delete) => None,
        (Some(_), ArcoType::Rectify) => {
            return Err(UseCaseError::invalid("details", FieldCode::InvalidType));
        }
    };
    let mut export_document_id = None;
    if decision == ArcoStatus::Completed {
        match kind {
            ArcoType::Access => {
                export_document_id =
                    Some(access::store_export(tx, ctx, staff, &row, &influencer).await?);
            }
            ArcoType::Rectify => {
                let empty = Map::new();
                let details = corrected
                    .as_ref()
                    .or(row.details.as_object())
                    .unwrap_or(&empty);
                rectify::apply(tx, ctx, staff, &influencer, details, row.id).await?;
            }
            ArcoType::Revoke => {
                revoke::apply(tx, ctx, staff, &influencer, row.id).await?;
            }
            ArcoType::Delete => {
                delete::check_balance(tx, influencer.id, request.acknowledge_positive_balance)
                    .await?;
                delete::apply(tx, ctx, staff, &influencer).await?;
            }
        }
    }
    let corrected = corrected.map(Value::Object);
    let resolved = afiliados_db::arco_requests::mark_resolved(
        tx,
        id,
        &Resolution {
            status: decision.as_str(),
            by: staff.user_id,
            notes: &notes,
            details: corrected.as_ref(),
            export_document_id,
        },
    )
    .await?;
    let deleted = kind == ArcoType::Delete && decision == ArcoStatus::Completed;
    let locale = locale_of(tx, ctx.tenant_id, influencer.user_id).await?;
    // The person is told at the address it had, even after an anonymisation: this last message
    // is the answer the law requires.
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &influencer.email,
            recipient_user_id: influencer.user_id,
            locale: &locale,
            message: ArcoRequestResolved {
                first_name: influencer.first_name.clone(),
                request_type: kind,
                decision: ArcoDecision::of(decision).ok_or_else(|| {
                    UseCaseError::internal(format!("an ARCO request resolved as {decision:?}"))
                })?,
                notes: Some(notes.clone()),
            }
            .into(),
        },
    )
    .await?;
    if let (Some(user_id), false) = (influencer.user_id, deleted) {
        let notice = json!({ "arcoRequestId": resolved.id, "type": kind.as_str(), "decision": decision.as_str() });
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            user_id,
            "arco.resolved",
            "info",
            &notice,
        )
        .await?;
    }
    let event = AuditEvent::new("arco.resolved", "arco_request", id).changes(
        Some(json!({ "status": row.status })),
        Some(json!({
            "status": resolved.status, "type": kind.as_str(), "influencerId": influencer.id,
            "exportDocumentId": export_document_id, "anonymized": deleted,
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(staff), event).await?;
    single_response(tx, resolved).await
}
