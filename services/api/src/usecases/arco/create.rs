//! `POST /arco/requests`: an influencer files for itself (channel `web`), or admin_dentsu or a
//! gestor on its behalf. The deadline counts business days in Bogota; only one open request per
//! type and influencer.

use afiliados_api_types::arco::{ArcoRequestResponse, CreateArcoRequest};
use afiliados_api_types::{ApiErrorCode, FieldError};
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::NewArcoRequest;
use afiliados_db::influencers::Influencer;
use afiliados_domain::{ArcoChannel, ArcoType, Role, bogota_date, business_deadline};
use chrono::SubsecRound;
use serde_json::{Map, Value, json};

use super::{ARCO_STAFF, locale_of, response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::{ApiError, field_message};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::consents::scope::own_influencer;
use crate::usecases::emails::{QueuedEmail, queue};

fn problem(errors: &mut Vec<FieldError>, field: &str, code: &str) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: field_message(code),
    });
}

/// The data subject: the caller's own record, or for staff the named influencer.
async fn subject(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    request: &CreateArcoRequest,
    staff: bool,
) -> Result<Influencer, ApiError> {
    if staff {
        let id = request
            .influencer_id
            .ok_or_else(|| ApiError::field("influencerId", "required"))?;
        return afiliados_db::influencers::find_for_update(tx, state.tenant_id, id)
            .await?
            .filter(|influencer| influencer.anonymized_at.is_none())
            .ok_or_else(|| ApiError::field("influencerId", "unknown_reference"));
    }
    let own = own_influencer(tx, user).await?.ok_or(ApiError::NotFound)?;
    // A body naming another influencer answers 404 (domain.md §2.3).
    if request.influencer_id.is_some_and(|id| id != own.id) {
        return Err(ApiError::NotFound);
    }
    afiliados_db::influencers::find_for_update(tx, state.tenant_id, own.id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Files the request inside the caller's transaction.
pub async fn create(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    request: &CreateArcoRequest,
) -> Result<ArcoRequestResponse, ApiError> {
    let staff = user.has_any(&ARCO_STAFF);
    if !staff {
        user.require_any(&[Role::Influencer])?;
    }
    let mut errors = Vec::new();
    let kind = ArcoType::parse(&request.kind);
    if kind.is_none() {
        problem(&mut errors, "type", "invalid_enum");
    }
    let channel = match request.channel.as_deref() {
        None => Some(ArcoChannel::Web),
        Some(raw) => ArcoChannel::parse(raw).filter(|c| staff || *c == ArcoChannel::Web),
    };
    if channel.is_none() {
        problem(&mut errors, "channel", "invalid_enum");
    }
    let details = match &request.details {
        None | Some(Value::Null) => Some(Map::new()),
        Some(Value::Object(map)) => Some(map.clone()),
        Some(_) => None,
    };
    if details.is_none() {
        problem(&mut errors, "details", "invalid_type");
    }
    let (Some(kind), Some(channel), Some(details), true) =
        (kind, channel, details, errors.is_empty())
    else {
        return Err(ApiError::Validation(errors));
    };
    let influencer = subject(tx, state, user, request, staff).await?;
    if kind == ArcoType::Rectify {
        super::rectify::validate(&details, &influencer)?;
    }
    if afiliados_db::arco_requests::open_exists(tx, influencer.id, kind.as_str()).await? {
        return Err(ApiError::conflict(ApiErrorCode::ArcoRequestOpen));
    }
    let created_at = state.now().trunc_subsecs(6);
    let due_at = business_deadline(
        created_at,
        kind.due_business_days(),
        &state.settings.onboarding.business_holidays,
    );
    let details = Value::Object(details);
    let row = afiliados_db::arco_requests::insert(
        tx,
        &NewArcoRequest {
            id: afiliados_db::new_id(),
            tenant_id: state.tenant_id,
            influencer_id: influencer.id,
            kind: kind.as_str(),
            requested_by: Some(user.id()),
            channel: channel.as_str(),
            details: &details,
            due_at,
            created_at,
        },
    )
    .await?;
    let locale = locale_of(tx, state.tenant_id, influencer.user_id).await?;
    queue(
        tx,
        state.tenant_id,
        QueuedEmail {
            recipient: &influencer.email,
            recipient_user_id: influencer.user_id,
            template: "arco_request_received",
            locale: &locale,
            payload: json!({
                "firstName": influencer.first_name,
                "requestId": row.id,
                "requestType": kind.as_str(),
                "dueAt": due_at,
                "dueDate": bogota_date(due_at).to_string(),
                "link": state.settings.web_public_url,
            }),
        },
    )
    .await?;
    let notice = json!({
        "arcoRequestId": row.id, "influencerId": influencer.id, "type": kind.as_str(), "dueAt": due_at
    });
    let mut recipients = Vec::new();
    for role in ARCO_STAFF {
        recipients.extend(afiliados_db::roles::users_with_role(tx, role.as_str()).await?);
    }
    recipients.sort();
    recipients.dedup();
    for recipient in recipients {
        afiliados_db::notifications::insert(
            tx,
            state.tenant_id,
            recipient,
            "arco.received",
            "warning",
            &notice,
        )
        .await?;
    }
    // Field names only: the values of a rectification are personal data, audit rows are forever.
    let fields: Vec<&String> = details
        .as_object()
        .map(|d| d.keys().collect())
        .unwrap_or_default();
    let event = AuditEvent::new("arco.created", "arco_request", row.id).changes(
        None,
        Some(json!({
            "influencerId": influencer.id, "type": kind.as_str(), "channel": channel.as_str(),
            "dueAt": due_at, "detailsFields": fields,
        })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(response(row, false))
}
