//! `PATCH /influencers/{id}/campaigns/{campaignId}`: status (`active|inactive`) and notes; a
//! status change recomputes and re-syncs the membership's codes.

use afiliados_api_types::campaigns::{MembershipResponse, UpdateMembershipRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::optional_text;
use afiliados_domain::{Actor, FieldCode};
use uuid::Uuid;

use super::STAFF;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Applies the PATCH: staff, or admin_marca on its brands' campaigns.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer_id,
    campaign.id = %campaign_id,
))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
    campaign_id: Uuid,
    request: &UpdateMembershipRequest,
) -> Result<MembershipResponse, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, false).await?;
    let campaign =
        &crate::usecases::campaigns::visible(tx, ctx.tenant_id, &scope, campaign_id, true).await?;
    let mut problems = Problems::default();
    if let Some(status) = &request.status
        && status != "active"
        && status != "inactive"
    {
        problems.push("status", FieldCode::InvalidEnum);
    }
    let notes = match &request.notes {
        Some(notes) => problems.check("notes", optional_text(notes.as_deref(), 500)),
        None => None,
    };
    problems.finish()?;
    let membership =
        afiliados_db::campaign_influencers::find_for_update(tx, campaign.id, influencer_id)
            .await?
            .ok_or(UseCaseError::NotFound)?;
    let status = request
        .status
        .as_deref()
        .filter(|status| *status != membership.status.as_str());
    let updated = afiliados_db::campaign_influencers::update(
        tx,
        membership.id,
        status,
        notes.as_ref().map(|n| n.as_deref()),
    )
    .await?;
    if status.is_some() {
        let today = ctx.today();
        let selection = CodeSelection::Membership {
            campaign_id: campaign.id,
            influencer_id,
        };
        recompute(
            tx,
            ctx.tenant_id,
            selection,
            SyncPolicy::Always,
            today,
            &actor.email,
        )
        .await?;
    }
    let event = AuditEvent::new("membership.updated", "membership", membership.id).changes(
        Some(serde_json::json!({ "status": membership.status, "notes": membership.notes })),
        Some(serde_json::json!({ "status": updated.status, "notes": updated.notes })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(super::representation::membership_response(tx, campaign, updated).await?)
}
