//! `POST /arco/requests`: an influencer files for itself (channel `web`), or admin_dentsu or a
//! gestor on its behalf. The deadline counts business days in Bogota; only one open request per
//! type and influencer.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::arco::{ArcoRequestResponse, CreateArcoRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::NewArcoRequest;
use afiliados_db::influencers::Influencer;
use afiliados_domain::{Actor, ArcoChannel, ArcoType, FieldCode, Role, business_deadline};
use afiliados_email_messages::ArcoRequestReceived;
use chrono::SubsecRound;
use serde_json::{Map, Value, json};

use super::{ARCO_STAFF, locale_of, response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::consents::scope::own_influencer;
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The data subject: the actor's own record, or for staff the named influencer.
async fn subject(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateArcoRequest,
    staff: bool,
) -> Result<Influencer, UseCaseError> {
    if staff {
        let id = request
            .influencer_id
            .ok_or_else(|| UseCaseError::invalid("influencerId", FieldCode::Required))?;
        return afiliados_db::influencers::find_for_update(tx, ctx.tenant_id, id.into())
            .await?
            .filter(|influencer| influencer.anonymized_at.is_none())
            .ok_or_else(|| UseCaseError::invalid("influencerId", FieldCode::UnknownReference));
    }
    let own = own_influencer(tx, actor)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    // A body naming another influencer answers 404 (domain.md §2.3).
    if request.influencer_id.is_some_and(|id| id != own.id) {
        return Err(UseCaseError::NotFound);
    }
    afiliados_db::influencers::find_for_update(tx, ctx.tenant_id, own.id)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// Files a request: an influencer for itself, admin_dentsu or a gestor on an influencer's
/// behalf.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = tracing::field::Empty,
    arco_request.id = tracing::field::Empty,
))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateArcoRequest,
) -> Result<ArcoRequestResponse, UseCaseError> {
    let staff = actor.has_any(&ARCO_STAFF);
    if !staff {
        actor.require_any(&[Role::Influencer])?;
    }
    let mut problems = Problems::new();
    let kind = ArcoType::parse(&request.kind);
    if kind.is_none() {
        problems.push("type", FieldCode::InvalidEnum);
    }
    let channel = match request.channel.as_deref() {
        None => Some(ArcoChannel::Web),
        Some(raw) => ArcoChannel::parse(raw).filter(|c| staff || *c == ArcoChannel::Web),
    };
    if channel.is_none() {
        problems.push("channel", FieldCode::InvalidEnum);
    }
    let details = match &request.details {
        None | Some(Value::Null) => Some(Map::new()),
        Some(Value::Object(map)) => Some(map.clone()),
        Some(_) => None,
    };
    if details.is_none() {
        problems.push("details", FieldCode::InvalidType);
    }
    problems.finish()?;
    let (Some(kind), Some(channel), Some(details)) = (kind, channel, details) else {
        return Err(UseCaseError::internal("ARCO request checked above"));
    };
    let influencer = subject(tx, ctx, actor, request, staff).await?;
    tracing::Span::current().record("influencer.id", tracing::field::display(influencer.id));
    if kind == ArcoType::Rectify {
        super::rectify::validate(&details, &influencer)?;
    }
    if afiliados_db::arco_requests::open_exists(tx, influencer.id, kind.as_str()).await? {
        return Err(UseCaseError::conflict(ErrorCode::ArcoRequestOpen));
    }
    let created_at = ctx.now().trunc_subsecs(6);
    let due_at = business_deadline(
        created_at,
        kind.due_business_days(),
        &ctx.settings.onboarding.business_holidays,
    );
    let details = Value::Object(details);
    let row = afiliados_db::arco_requests::insert(
        tx,
        &NewArcoRequest {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            influencer_id: influencer.id,
            kind: kind.as_str(),
            requested_by: Some(actor.user_id),
            channel: channel.as_str(),
            details: &details,
            due_at,
            created_at,
        },
    )
    .await?;
    tracing::Span::current().record("arco_request.id", tracing::field::display(row.id));
    let locale = locale_of(tx, ctx.tenant_id, influencer.user_id).await?;
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &influencer.email,
            recipient_user_id: influencer.user_id,
            locale: &locale,
            message: ArcoRequestReceived {
                first_name: influencer.first_name.clone(),
                request_type: kind,
                due_at,
                request_id: row.id,
            }
            .into(),
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
            ctx.tenant_id,
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
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(response(row, false))
}
