//! `POST /influencers/{id}/campaigns/{campaignId}`: creates (or re-activates) the membership,
//! the brand balance row if missing, the tier assignment at the start tier with an `initial`
//! history row and, unless `generateCode: false`, one discount code. Any influencer status is
//! accepted; a pending influencer gets a pending code.

use afiliados_api_types::campaigns::{AssignCampaignRequest, AssignCampaignResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::Brand;
use afiliados_db::campaign_influencers::Membership;
use afiliados_db::campaigns::Campaign;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::influencers::Influencer;
use afiliados_db::tier_assignments::TierPlacement;
use afiliados_domain::{Actor, optional_text};
use uuid::Uuid;

use super::STAFF;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::codes::create::{CodeInput, Target, check_open, create, validate};
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::codes::representation::code_response;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Whether the assignment created the membership (201) or found it (200).
#[derive(Debug, Clone)]
pub struct Assigned {
    /// The answer body.
    pub body: AssignCampaignResponse,
    /// Created now.
    pub created: bool,
}

/// Creates the membership when missing (balance row, start tier, `initial` history, audit
/// `membership.created`); returns it and whether it was created.
pub async fn ensure(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    campaign: &Campaign,
    influencer: &Influencer,
    notes: Option<&str>,
) -> Result<(Membership, bool), UseCaseError> {
    if let Some(existing) =
        afiliados_db::campaign_influencers::find_for_update(tx, campaign.id, influencer.id).await?
    {
        return Ok((existing, false));
    }
    let membership = afiliados_db::campaign_influencers::insert(
        tx,
        ctx.tenant_id,
        campaign.id,
        influencer.id,
        Some(actor.user_id),
        notes,
    )
    .await?;
    let policies =
        afiliados_db::brand_withdrawal_policies::of_brands(tx, &[campaign.brand_id]).await?;
    let currency = policies
        .get(&campaign.brand_id)
        .map_or("COP", |p| p.currency.as_str());
    afiliados_db::influencer_balance::ensure(
        tx,
        ctx.tenant_id,
        influencer.id,
        campaign.brand_id,
        currency,
    )
    .await?;
    let tiers = afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?;
    let start = crate::usecases::campaigns::tiers::start_tier(campaign, &tiers);
    afiliados_db::tier_assignments::place(
        tx,
        &TierPlacement {
            tenant_id: ctx.tenant_id,
            campaign_id: campaign.id,
            influencer_id: influencer.id,
            tier_id: start.id,
            tier_level: start.level,
            tier_name: &start.name,
            commission_percent: start.commission_percent,
            at: ctx.now(),
            reason: "initial",
            triggered_by: &actor.email,
            evaluation: None,
        },
    )
    .await?;
    let event = AuditEvent::new("membership.created", "membership", membership.id).changes(
        None,
        Some(serde_json::json!({
            "campaignId": campaign.id, "influencerId": influencer.id,
            "tierLevel": start.level, "notes": notes,
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok((membership, true))
}

/// `POST /influencers/{id}/campaigns/{campaignId}`: staff, or admin_marca on its brands'
/// campaigns, makes the influencer a member.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer_id,
    campaign.id = %campaign_id,
))]
pub async fn assign_campaign(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
    campaign_id: Uuid,
    request: &AssignCampaignRequest,
) -> Result<Assigned, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, false).await?;
    let campaign =
        crate::usecases::campaigns::visible(tx, ctx.tenant_id, &scope, campaign_id, true).await?;
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, influencer_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    super::require_visible_influencer(tx, &scope, influencer.id).await?;
    let brand = afiliados_db::brands::find(tx, ctx.tenant_id, campaign.brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    assign(tx, ctx, actor, &campaign, &brand, &influencer, request).await
}

/// Performs the assignment of a found influencer to a visible campaign.
async fn assign(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    campaign: &Campaign,
    brand: &Brand,
    influencer: &Influencer,
    request: &AssignCampaignRequest,
) -> Result<Assigned, UseCaseError> {
    let mut problems = Problems::default();
    let notes = problems
        .check("notes", optional_text(request.notes.as_deref(), 500))
        .flatten();
    problems.finish()?;
    let generate = request.generate_code.unwrap_or(true);
    let input = CodeInput {
        discount_percent: request.discount_percent,
        ..Default::default()
    };
    let conditions = validate(campaign, &input)?;
    check_open(campaign, brand)?;
    let (membership, created) =
        ensure(tx, ctx, actor, campaign, influencer, notes.as_deref()).await?;
    let mut code = None;
    let membership = if created {
        if generate {
            let target = Target {
                campaign,
                brand,
                influencer,
            };
            let row = create(tx, ctx, actor, target, &input, &conditions).await?;
            code = Some(code_response(tx, ctx.tenant_id, row.id).await?);
        }
        membership
    } else if membership.status == afiliados_domain::MembershipStatus::Inactive {
        reactivate(tx, ctx, actor, campaign, membership).await?
    } else {
        membership
    };
    let membership = super::representation::membership_response(tx, campaign, membership).await?;
    Ok(Assigned {
        body: AssignCampaignResponse { membership, code },
        created,
    })
}

async fn reactivate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    campaign: &Campaign,
    membership: Membership,
) -> Result<Membership, UseCaseError> {
    let updated =
        afiliados_db::campaign_influencers::update(tx, membership.id, Some("active"), None).await?;
    let today = ctx.today();
    let selection = CodeSelection::Membership {
        campaign_id: campaign.id,
        influencer_id: membership.influencer_id,
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
    let event = AuditEvent::new("membership.updated", "membership", membership.id).changes(
        Some(serde_json::json!({ "status": "inactive" })),
        Some(serde_json::json!({ "status": "active" })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(updated)
}
