//! `DELETE /campaigns/{id}`: only a draft whose codes were never used (no orders can exist
//! without usage). Its codes are disabled and archived; its promotions free the `utm_campaign`
//! values so the slug can be reused.

use afiliados_api_types::ApiErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::discount_codes_write::CodeChanges;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::Scope;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};

/// Soft-deletes the campaign inside the caller's transaction.
pub async fn delete(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    scope: &Scope,
    id: Uuid,
) -> Result<(), ApiError> {
    let campaign = super::visible(tx, state.tenant_id, scope, id, true).await?;
    if campaign.status != afiliados_domain::CampaignStatus::Draft
        || afiliados_db::discount_codes_write::used_in_campaign(tx, campaign.id).await?
    {
        return Err(ApiError::conflict(ApiErrorCode::CampaignNotDeletable));
    }
    let codes = afiliados_db::discount_codes_write::of_campaigns(tx, &[campaign.id], None).await?;
    let disable = CodeChanges {
        enabled: Some(false),
        disabled_at: Some(Some(state.now())),
        disabled_reason: Some(Some("campaign_deleted".into())),
        ..Default::default()
    };
    for code in codes.iter().filter(|c| c.enabled) {
        afiliados_db::discount_codes_write::update(tx, code.id, &disable).await?;
    }
    let actor = super::actor_label(user);
    let today = state.clock.today();
    recompute(
        tx,
        state.tenant_id,
        CodeSelection::Campaign(campaign.id),
        SyncPolicy::Always,
        today,
        &actor,
    )
    .await?;
    let suffix = campaign.id.simple().to_string();
    let slug = campaign.slug.clone();
    afiliados_db::campaign_promotions::rename(tx, campaign.id, |percent| {
        format!(
            "{}-deleted-{suffix}",
            super::promotions::utm_campaign(&slug, percent)
        )
    })
    .await?;
    super::promotions::resync(tx, campaign.id).await?;
    afiliados_db::campaigns::soft_delete(tx, campaign.id).await?;
    let event = AuditEvent::new("campaign.deleted", "campaign", campaign.id).changes(
        Some(serde_json::json!({ "name": campaign.name, "slug": campaign.slug })),
        None,
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(())
}
