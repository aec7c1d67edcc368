//! The `Campaign` representation: brand name, tiers, promotions with their sync state and the
//! active member count; influencers get a reduced view with their own tier and codes.

use std::collections::HashMap;

use afiliados_api_types::campaigns::{CampaignResponse, PromotionResponse, TierResponse};
use afiliados_api_types::influencers::TierRef;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_promotions::Promotion;
use afiliados_db::campaign_tiers::Tier;
use afiliados_db::campaigns::Campaign;
use uuid::Uuid;

use super::draft::stacking_of;
use super::tiers::start_tier;
use crate::usecases::fields::{money, percent};

/// Who looks at the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Staff: every field.
    Staff,
    /// The influencer: name, brand, dates, status and rules that concern it, its own tier and
    /// codes; no other tiers, promotions or member counts.
    Influencer(Uuid),
}

/// `pending|synced|failed` of a promotion.
pub fn promotion_state(row: &Promotion) -> afiliados_domain::SyncState {
    use afiliados_domain::SyncState;
    if row.synced_revision == Some(row.sync_revision) {
        SyncState::Synced
    } else if row.last_sync_error.is_some() {
        SyncState::Failed
    } else {
        SyncState::Pending
    }
}

fn tier_response(tier: &Tier) -> TierResponse {
    TierResponse {
        id: tier.id,
        name: tier.name.clone(),
        level: tier.level,
        threshold: money(tier.threshold),
        commission_percent: percent(tier.commission_percent),
        is_default: tier.is_default,
    }
}

/// The tier of a membership on `level` (Base at the base rate when the campaign has no tiers).
pub fn tier_ref(
    campaign: &Campaign,
    tiers: &[Tier],
    level: i32,
    since: Option<chrono::DateTime<chrono::Utc>>,
) -> TierRef {
    let (name, rate) = match tiers.iter().find(|t| t.level == level) {
        Some(tier) => (tier.name.clone(), tier.commission_percent),
        None => {
            let start = start_tier(campaign, &[]);
            (start.name, start.commission_percent)
        }
    };
    TierRef {
        level,
        name,
        commission_percent: percent(rate),
        since,
    }
}

/// Many campaigns with five queries in all (plus two for the influencer view).
pub async fn many(
    conn: &mut AsyncPgConnection,
    rows: Vec<Campaign>,
    view: View,
) -> Result<Vec<CampaignResponse>, diesel::result::Error> {
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let brands: HashMap<Uuid, String> = afiliados_db::brands::all(conn, first.tenant_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let mut tiers: HashMap<Uuid, Vec<Tier>> = HashMap::new();
    for tier in afiliados_db::campaign_tiers::of_campaigns(conn, &ids).await? {
        tiers.entry(tier.campaign_id).or_default().push(tier);
    }
    let mut promotions: HashMap<Uuid, Vec<Promotion>> = HashMap::new();
    for row in afiliados_db::campaign_promotions::of_campaigns(conn, &ids).await? {
        promotions.entry(row.campaign_id).or_default().push(row);
    }
    let members = afiliados_db::campaigns::active_members(conn, &ids).await?;
    let (mut assignments, mut codes) = (HashMap::new(), HashMap::<Uuid, Vec<String>>::new());
    if let View::Influencer(own) = view {
        for row in afiliados_db::tier_assignments::of_influencer(conn, own, &ids).await? {
            assignments.insert(row.campaign_id, row);
        }
        for code in afiliados_db::discount_codes::of_campaigns(conn, &ids, Some(own)).await? {
            codes.entry(code.campaign_id).or_default().push(code.code);
        }
    }
    Ok(rows
        .into_iter()
        .map(|campaign| {
            let campaign_tiers = tiers.remove(&campaign.id).unwrap_or_default();
            let staff = view == View::Staff;
            let my_tier = assignments
                .get(&campaign.id)
                .map(|a| tier_ref(&campaign, &campaign_tiers, a.tier_level, Some(a.since)));
            let my_codes = (!staff).then(|| codes.remove(&campaign.id).unwrap_or_default());
            CampaignResponse {
                id: campaign.id.into(),
                brand_id: campaign.brand_id.into(),
                brand_name: brands.get(&campaign.brand_id).cloned().unwrap_or_default(),
                description: campaign.description.clone(),
                start_date: campaign.start_date,
                end_date: campaign.end_date,
                status: campaign.status,
                base_commission_percent: percent(campaign.base_commission_percent),
                commission_basis: campaign.commission_basis,
                include_shipping: campaign.include_shipping,
                max_discount_percent: percent(campaign.max_discount_percent),
                max_usage: campaign.max_usage.filter(|_| staff),
                min_order_value: campaign.min_order_value.map(money),
                confirmation_window_days: campaign.confirmation_window_days,
                tier_evaluation_period_days: campaign.tier_evaluation_period_days,
                eligible_scope_type: campaign.eligible_scope_type,
                eligible_scope_values: campaign.eligible_scope_values.clone(),
                stacking_rules: stacking_of(&campaign.stacking_rules),
                tiers: if staff {
                    campaign_tiers.iter().map(tier_response).collect()
                } else {
                    Vec::new()
                },
                version: campaign.version,
                next_tier_evaluation_on: campaign.next_tier_evaluation_on,
                promotions: if staff {
                    promotions
                        .remove(&campaign.id)
                        .unwrap_or_default()
                        .iter()
                        .map(|p| PromotionResponse {
                            discount_percent: percent(p.discount_percent),
                            utm_campaign: p.utm_campaign.clone(),
                            vtex_promotion_id: p.vtex_promotion_id.clone(),
                            sync_state: promotion_state(p),
                            last_synced_at: p.last_synced_at,
                            last_sync_error: p.last_sync_error.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                active_members: if staff {
                    members.get(&campaign.id).copied().unwrap_or(0)
                } else {
                    0
                },
                my_tier: if staff { None } else { my_tier },
                my_codes,
                name: campaign.name,
                slug: campaign.slug,
                created_at: campaign.created_at,
                updated_at: campaign.updated_at,
            }
        })
        .collect())
}

/// One campaign.
pub async fn one(
    conn: &mut AsyncPgConnection,
    campaign: Campaign,
    view: View,
) -> Result<CampaignResponse, diesel::result::Error> {
    Ok(many(conn, vec![campaign], view).await?.remove(0))
}
