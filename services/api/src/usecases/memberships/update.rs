//! `PATCH /influencers/{id}/campaigns/{campaignId}`: status (`active|inactive`) and notes; a
//! status change recomputes and re-syncs the membership's codes.

use afiliados_api_types::campaigns::{MembershipResponse, UpdateMembershipRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::Campaign;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::FieldCode;
use afiliados_domain::optional_text;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::Problems;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};

/// Applies the PATCH inside the caller's transaction.
pub async fn update(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    campaign: &Campaign,
    influencer_id: Uuid,
    request: &UpdateMembershipRequest,
) -> Result<MembershipResponse, ApiError> {
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
            .ok_or(ApiError::NotFound)?;
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
        let today = state.clock.today();
        let selection = CodeSelection::Membership {
            campaign_id: campaign.id,
            influencer_id,
        };
        recompute(
            tx,
            state.tenant_id,
            selection,
            SyncPolicy::Always,
            today,
            &user.user.email,
        )
        .await?;
    }
    let event = AuditEvent::new("membership.updated", "membership", membership.id).changes(
        Some(serde_json::json!({ "status": membership.status, "notes": membership.notes })),
        Some(serde_json::json!({ "status": updated.status, "notes": updated.notes })),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(super::representation::membership_response(tx, campaign, updated).await?)
}
