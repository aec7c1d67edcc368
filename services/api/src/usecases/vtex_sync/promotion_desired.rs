//! `GET /internal/v1/campaigns/{id}/promotions`: the VTEX promotion body the platform wants for
//! each discount percent of a campaign (`vtex.md` §5.2). A promotion row is created, idempotently,
//! for every percent the campaign's codes use.

use afiliados_api_types::campaigns::StackingRules;
use afiliados_api_types::internal_vtex::{
    DesiredPromotion, DesiredPromotionBody, DesiredPromotions, VtexIdRef,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_promotions::{self, CampaignPromotion, PromotionCampaign};
use afiliados_domain::{
    CampaignStatus, Percent, promotion_begin, promotion_end, promotion_name, promotion_utm_campaign,
};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// The desired promotions of campaign `id`, on the onboarding setting's sales channels; 404
/// when the tenant has no such campaign.
#[tracing::instrument(skip_all, fields(campaign.id = %id))]
pub async fn desired_promotions(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
) -> Result<DesiredPromotions, UseCaseError> {
    let sales_channels = ctx.settings.onboarding.sales_channels.as_slice();
    let campaign = campaign_promotions::campaign(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    for percent in campaign_promotions::code_percents(tx, id).await? {
        let utm_campaign = promotion_utm_campaign(&campaign.slug, percent);
        campaign_promotions::ensure(tx, id, percent, &utm_campaign).await?;
    }
    let items = campaign_promotions::for_campaign(tx, id)
        .await?
        .into_iter()
        .map(|row| desired(&campaign, row, sales_channels))
        .collect::<Result<Vec<_>, UseCaseError>>()?;
    Ok(DesiredPromotions { items })
}

fn ids(values: &[String]) -> Vec<VtexIdRef> {
    values
        .iter()
        .map(|id| VtexIdRef { id: id.clone() })
        .collect()
}

/// The body of one promotion row.
fn desired(
    campaign: &PromotionCampaign,
    row: CampaignPromotion,
    sales_channels: &[String],
) -> Result<DesiredPromotion, UseCaseError> {
    let percent = Percent::from_decimal(row.discount_percent)
        .map_err(|_| UseCaseError::internal("stored promotion percent out of range"))?;
    // The column has a default and the campaign stream validates it; an unreadable value is
    // treated as "not cumulative", VTEX's safer reading.
    let stacking: StackingRules =
        serde_json::from_value(campaign.stacking_rules.clone()).unwrap_or_default();
    let (categories, skus) = match campaign.eligible_scope_type.as_str() {
        "category" => (ids(&campaign.eligible_scope_values), Vec::new()),
        "sku" => (Vec::new(), ids(&campaign.eligible_scope_values)),
        _ => (Vec::new(), Vec::new()),
    };
    let brands = campaign
        .vtex_brand_id
        .iter()
        .filter(|id| !id.trim().is_empty())
        .map(|id| VtexIdRef { id: id.clone() })
        .collect();
    Ok(DesiredPromotion {
        discount_percent: percent,
        sync_revision: row.sync_revision,
        vtex_promotion_id: row.vtex_promotion_id,
        desired: DesiredPromotionBody {
            name: promotion_name(&campaign.name, row.discount_percent),
            description: format!("marketing-afiliados campaign {}", campaign.id),
            begin_date_utc: promotion_begin(campaign.start_date),
            end_date_utc: promotion_end(campaign.start_date, campaign.end_date),
            is_active: campaign.status == CampaignStatus::Active,
            utm_campaign: row.utm_campaign,
            percentual_discount_value: percent,
            cumulative: stacking.cumulative_with_other_promotions,
            max_usage: campaign.max_usage.unwrap_or(0),
            brands,
            categories,
            skus,
            ids_sales_channel: sales_channels.to_vec(),
        },
    })
}
