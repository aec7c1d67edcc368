//! `DELETE /campaigns/{id}`: only a draft whose codes were never used (no orders can exist
//! without usage). Its codes are disabled and archived; its promotions free the `utm_campaign`
//! values so the slug can be reused.

use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeChanges;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::WRITERS;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Soft-deletes the campaign inside the caller's transaction (staff, or admin_marca for its
/// brands).
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, campaign.id = %id))]
pub async fn delete(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    id: Uuid,
) -> Result<(), UseCaseError> {
    let scope = resolve(tx, user, &WRITERS, true, false).await?;
    let campaign = super::visible(tx, ctx.tenant_id, &scope, id, true).await?;
    if campaign.status != afiliados_domain::CampaignStatus::Draft
        || afiliados_db::discount_codes::used_in_campaign(tx, campaign.id).await?
    {
        return Err(UseCaseError::conflict(ErrorCode::CampaignNotDeletable));
    }
    let codes = afiliados_db::discount_codes::of_campaigns(tx, &[campaign.id], None).await?;
    let disable = CodeChanges {
        enabled: Some(false),
        disabled_at: Some(Some(ctx.now())),
        disabled_reason: Some(Some("campaign_deleted".into())),
        ..Default::default()
    };
    for code in codes.iter().filter(|c| c.enabled) {
        afiliados_db::discount_codes::update(tx, code.id, &disable).await?;
    }
    let actor = super::actor_label(user);
    let today = ctx.today();
    recompute(
        tx,
        ctx.tenant_id,
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
    audit::record(tx, ctx.tenant_id, &AuditActor::User(user), event).await?;
    Ok(())
}
