//! `POST /arco/requests/{id}/resolve`: `completed` applies the request's effect (access export,
//! rectification, revocation, anonymisation); `rejected` applies nothing. Either way the person
//! is e-mailed `arco_request_resolved` and the resolution is audited `arco.resolved`.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::arco::{ArcoRequestResponse, ResolveArcoRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::Resolution;
use afiliados_domain::{ArcoStatus, ArcoType};
use afiliados_email_messages::{ArcoDecision, ArcoRequestResolved};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{access, delete, locale_of, rectify, responses, revoke};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::emails::{QueuedEmail, queue};

/// The validated decision and notes.
fn validate(request: &ResolveArcoRequest) -> Result<(ArcoStatus, String), ApiError> {
    let mut errors = Vec::new();
    let decision = match request.decision.as_str() {
        "completed" => Some(ArcoStatus::Completed),
        "rejected" => Some(ArcoStatus::Rejected),
        _ => None,
    };
    if decision.is_none() {
        errors.push(("decision", "invalid_enum"));
    }
    let notes = request.notes.trim();
    let length = notes.chars().count();
    if length < 3 {
        errors.push(("notes", "too_short"));
    } else if length > 2000 {
        errors.push(("notes", "too_long"));
    }
    if let (Some(decision), true) = (decision, errors.is_empty()) {
        return Ok((decision, notes.to_owned()));
    }
    Err(ApiError::Validation(
        errors
            .into_iter()
            .map(|(field, code)| afiliados_api_types::FieldError {
                field: field.into(),
                code: code.into(),
                message: crate::error::field_message(code),
            })
            .collect(),
    ))
}

/// Resolves inside the caller's transaction.
pub async fn resolve(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    staff: &CurrentUser,
    id: Uuid,
    request: &ResolveArcoRequest,
) -> Result<ArcoRequestResponse, ApiError> {
    let (decision, notes) = validate(request)?;
    let row = afiliados_db::arco_requests::find_for_update(tx, state.tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !row.status.is_open() {
        return Err(ApiError::Conflict(
            ApiErrorCode::ArcoNotOpen,
            vec![json!({ "status": row.status })],
        ));
    }
    let kind = row.kind;
    let influencer =
        afiliados_db::influencers::find_for_update(tx, state.tenant_id, row.influencer_id)
            .await?
            .ok_or(ApiError::NotFound)?;
    // Staff may correct the values of a rectification before applying them.
    let corrected: Option<Map<String, Value>> = match (&request.details, kind) {
        (Some(Value::Object(map)), ArcoType::Rectify) => Some(map.clone()),
        (Some(Value::Null) | None, _)
        | (Some(_), ArcoType::Access | ArcoType::Revoke | ArcoType::Delete) => None,
        (Some(_), ArcoType::Rectify) => return Err(ApiError::field("details", "invalid_type")),
    };
    let mut export_document_id = None;
    if decision == ArcoStatus::Completed {
        match kind {
            ArcoType::Access => {
                export_document_id =
                    Some(access::store_export(tx, state, staff, &row, &influencer).await?);
            }
            ArcoType::Rectify => {
                let empty = Map::new();
                let details = corrected
                    .as_ref()
                    .or(row.details.as_object())
                    .unwrap_or(&empty);
                rectify::apply(tx, state.tenant_id, staff, &influencer, details, row.id).await?;
            }
            ArcoType::Revoke => {
                revoke::apply(
                    tx,
                    state.tenant_id,
                    staff,
                    &influencer,
                    row.id,
                    state.clock.today(),
                )
                .await?;
            }
            ArcoType::Delete => {
                delete::check_balance(tx, influencer.id, request.acknowledge_positive_balance)
                    .await?;
                delete::apply(tx, state, staff, &influencer).await?;
            }
        }
    }
    let corrected = corrected.map(Value::Object);
    let resolved = afiliados_db::arco_requests::mark_resolved(
        tx,
        id,
        &Resolution {
            status: decision.as_str(),
            by: staff.id(),
            notes: &notes,
            details: corrected.as_ref(),
            export_document_id,
        },
    )
    .await?;
    let deleted = kind == ArcoType::Delete && decision == ArcoStatus::Completed;
    let locale = locale_of(tx, state.tenant_id, influencer.user_id).await?;
    // The person is told at the address it had, even after an anonymisation: this last message
    // is the answer the law requires.
    queue(
        tx,
        state.tenant_id,
        QueuedEmail {
            recipient: &influencer.email,
            recipient_user_id: influencer.user_id,
            locale: &locale,
            message: ArcoRequestResolved {
                first_name: influencer.first_name.clone(),
                request_type: kind,
                decision: ArcoDecision::of(decision).ok_or_else(|| {
                    ApiError::Internal(anyhow::anyhow!("an ARCO request resolved as {decision:?}"))
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
            state.tenant_id,
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
    audit::record(tx, state.tenant_id, &AuditActor::User(staff), event).await?;
    let mut items = responses(tx, vec![resolved]).await?;
    items.pop().ok_or(ApiError::NotFound)
}
