//! `PATCH /influencers/{id}/status` (`domain.md` §4.2): the staff transitions of the machine with
//! their reasons, the history row, the e-mail and notice to the influencer, and every code of the
//! influencer recomputed and re-synced to VTEX.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::influencers::{ChangeInfluencerStatusRequest, InfluencerResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::influencers::write::InfluencerChanges;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{
    AccessDenied, Actor, FieldCode, InfluencerStatus, TransitionActor, check_transition_reason,
};
use afiliados_email_messages::{
    ApprovedCode, EmailMessage, InfluencerApproved, InfluencerReactivated, InfluencerRejected,
    InfluencerSuspended,
};
use serde_json::json;
use uuid::Uuid;

use super::access::{self, Allowed, View};
use super::representation;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{UseCaseContext, UseCaseError};

const ALLOWED: Allowed = Allowed {
    staff: true,
    brand: true,
    finance: false,
    own: false,
};

/// The status e-mail of a transition: the reason for rejections and suspensions, the sign-in
/// link and, on approval, the influencer's codes that are active now (after the recomputation).
async fn status_email(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer: &afiliados_db::influencers::Influencer,
    (from, to): (InfluencerStatus, InfluencerStatus),
    reason: Option<&str>,
) -> Result<EmailMessage, UseCaseError> {
    let first_name = influencer.first_name.clone();
    let link = format!(
        "{}/login",
        ctx.settings.web_public_url.trim_end_matches('/')
    );
    let reason = reason.unwrap_or_default().to_owned();
    Ok(match (from, to) {
        (InfluencerStatus::Suspended, InfluencerStatus::Approved) => {
            InfluencerReactivated { first_name, link }.into()
        }
        (_, InfluencerStatus::Approved) => {
            let codes = afiliados_db::discount_codes::active_of_influencer(tx, influencer.id)
                .await?
                .into_iter()
                .map(|(code, campaign_name, discount_percent)| ApprovedCode {
                    code,
                    campaign_name,
                    discount_percent,
                })
                .collect();
            InfluencerApproved {
                first_name,
                link,
                codes,
            }
            .into()
        }
        (_, InfluencerStatus::Rejected) => InfluencerRejected { first_name, reason }.into(),
        _ => InfluencerSuspended { first_name, reason }.into(),
    })
}

/// The requested target: only `approved`, `rejected` and `suspended` can be asked for.
pub fn target(request: &ChangeInfluencerStatusRequest) -> Result<InfluencerStatus, UseCaseError> {
    match InfluencerStatus::parse(request.status.trim()) {
        Some(status) if status != InfluencerStatus::Pending => Ok(status),
        _ if request.status.trim().is_empty() => {
            Err(UseCaseError::invalid("status", FieldCode::Required))
        }
        _ => Err(UseCaseError::invalid("status", FieldCode::InvalidEnum)),
    }
}

/// admin_marca acts only on influencers whose every membership is in its brands, and never
/// overturns a rejection (that is AD and GA only).
async fn check_brand_rules(
    tx: &mut AsyncPgConnection,
    view: &View,
    influencer_id: Uuid,
    from: InfluencerStatus,
) -> Result<(), UseCaseError> {
    let View::Brand(brands) = view else {
        return Ok(());
    };
    let of_influencer = afiliados_db::influencer_memberships::brand_ids(tx, influencer_id).await?;
    if of_influencer.iter().any(|b| !brands.contains(b)) {
        return Err(UseCaseError::forbidden(ErrorCode::CrossBrandInfluencer));
    }
    if from == InfluencerStatus::Rejected {
        return Err(AccessDenied.into());
    }
    Ok(())
}

/// `PATCH /influencers/{id}/status`: staff (admin_marca on its brands' influencers only)
/// moves the influencer through the machine.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn change(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &ChangeInfluencerStatusRequest,
) -> Result<InfluencerResponse, UseCaseError> {
    let to = target(request)?;
    let (current, view) = access::load(tx, ctx, actor, id, ALLOWED, true).await?;
    let from = current.status;
    check_brand_rules(tx, &view, current.id, from).await?;
    if !from.can_become_by(to, TransitionActor::Staff) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::InvalidTransition,
            json!({ "from": from.as_str(), "to": to.as_str() }),
        ));
    }
    let reason = check_transition_reason(from, to, request.reason.as_deref())
        .map_err(|code| UseCaseError::invalid("reason", code))?;
    let changes = InfluencerChanges {
        status: Some(to.as_str().to_owned()),
        status_reason: Some(if to == InfluencerStatus::Approved {
            None
        } else {
            reason.clone()
        }),
        approved_at: (to == InfluencerStatus::Approved && current.approved_at.is_none())
            .then(|| Some(ctx.now())),
        ..InfluencerChanges::default()
    };
    let updated = afiliados_db::influencers::write::update(tx, current.id, &changes).await?;
    let actor_label = actor.email.as_str();
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "influencer",
            entity_id: updated.id,
            from: Some(from.as_str()),
            to: to.as_str(),
            reason: reason.as_deref(),
            actor: actor_label,
        },
    )
    .await?;
    let today = ctx.today();
    recompute(
        tx,
        ctx.tenant_id,
        CodeSelection::Influencer(updated.id),
        SyncPolicy::Always,
        today,
        actor_label,
    )
    .await?;
    if let Some(user_id) = updated.user_id {
        let locale = afiliados_db::users::find(tx, ctx.tenant_id, user_id)
            .await?
            .map(|u| u.locale.as_str().to_owned())
            .unwrap_or_else(|| "es".into());
        let message = status_email(tx, ctx, &updated, (from, to), reason.as_deref()).await?;
        queue(
            tx,
            ctx.tenant_id,
            QueuedEmail {
                recipient: &updated.email,
                recipient_user_id: Some(user_id),
                locale: &locale,
                message,
            },
        )
        .await?;
        let notice = json!({
            "influencerId": updated.id,
            "from": from.as_str(),
            "to": to.as_str(),
            "reason": reason,
        });
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            user_id,
            "influencer.status_changed",
            if to.is_approved() { "info" } else { "warning" },
            &notice,
        )
        .await?;
    }

    let event = AuditEvent::new("influencer.status_changed", "influencer", updated.id).changes(
        Some(json!({ "status": from.as_str() })),
        Some(json!({ "status": to.as_str(), "reason": reason })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    representation::detail(tx, ctx, updated, &view).await
}
