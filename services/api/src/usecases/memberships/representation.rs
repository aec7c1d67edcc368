//! The `Membership` representation, for this module and for other streams (influencer detail):
//! [`membership_response`] and [`membership_responses`].

use std::collections::HashMap;

use afiliados_api_types::campaigns::MembershipResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_influencers::Membership;
use afiliados_db::campaigns::Campaign;
use uuid::Uuid;

use crate::usecases::campaigns::representation::tier_ref;

/// Memberships of one campaign with tier, codes and influencer names (four queries).
pub async fn membership_responses(
    conn: &mut AsyncPgConnection,
    campaign: &Campaign,
    rows: Vec<Membership>,
) -> Result<Vec<MembershipResponse>, diesel::result::Error> {
    let influencer_ids: Vec<Uuid> = rows.iter().map(|m| m.influencer_id).collect();
    let names = afiliados_db::campaign_influencers::influencer_names(conn, &influencer_ids).await?;
    let tiers = afiliados_db::campaign_tiers::of_campaigns(conn, &[campaign.id]).await?;
    let assignments: HashMap<Uuid, _> =
        afiliados_db::tier_assignments::of_campaign(conn, campaign.id, Some(&influencer_ids))
            .await?
            .into_iter()
            .map(|a| (a.influencer_id, a))
            .collect();
    let mut codes: HashMap<Uuid, Vec<String>> = HashMap::new();
    for code in afiliados_db::discount_codes::of_campaigns(conn, &[campaign.id], None).await? {
        codes.entry(code.influencer_id).or_default().push(code.code);
    }
    Ok(rows
        .into_iter()
        .map(|m| MembershipResponse {
            campaign_id: m.campaign_id.into(),
            influencer_name: names.get(&m.influencer_id).cloned().unwrap_or_default(),
            tier: assignments
                .get(&m.influencer_id)
                .map(|a| tier_ref(campaign, &tiers, a.tier_level, Some(a.since))),
            codes: codes.remove(&m.influencer_id).unwrap_or_default(),
            influencer_id: m.influencer_id.into(),
            status: m.status,
            assigned_at: m.assigned_at,
            assigned_by: m.assigned_by.map(Into::into),
            notes: m.notes,
        })
        .collect())
}

/// One membership.
pub async fn membership_response(
    conn: &mut AsyncPgConnection,
    campaign: &Campaign,
    row: Membership,
) -> Result<MembershipResponse, diesel::result::Error> {
    Ok(membership_responses(conn, campaign, vec![row])
        .await?
        .remove(0))
}
