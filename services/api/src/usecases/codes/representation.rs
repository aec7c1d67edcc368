//! The `DiscountCode` representation, for this module and for other streams (influencer views,
//! orders) that show codes: [`code_response`] and [`code_responses`].

use std::collections::HashMap;

use afiliados_api_types::codes::{CodeSyncResponse, DiscountCodeResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::DiscountCode;
use uuid::Uuid;

use crate::usecases::fields::percent;

fn build(
    code: DiscountCode,
    campaign_name: String,
    influencer_name: String,
) -> DiscountCodeResponse {
    DiscountCodeResponse {
        id: code.id.into(),
        code: code.code,
        custom: code.custom,
        campaign_id: code.campaign_id.into(),
        campaign_name,
        brand_id: code.brand_id.into(),
        influencer_id: code.influencer_id.into(),
        influencer_name,
        discount_percent: percent(code.discount_percent),
        starts_on: code.starts_on,
        ends_on: code.ends_on,
        max_uses: code.max_uses,
        max_uses_per_customer: code.max_uses_per_customer,
        usage_count: code.usage_count,
        enabled: code.enabled,
        disabled_reason: code.disabled_reason,
        status: code.status,
        sync: CodeSyncResponse {
            state: code.sync_state.to_string(),
            revision: code.sync_revision,
            synced_revision: code.synced_revision,
            vtex_coupon_id: code.vtex_coupon_id,
            last_synced_at: code.last_synced_at,
            last_sync_error: code.last_sync_error,
        },
        created_at: code.created_at,
        updated_at: code.updated_at,
    }
}

/// Many codes with their campaign and influencer names (two queries).
pub async fn code_responses(
    conn: &mut AsyncPgConnection,
    codes: Vec<DiscountCode>,
) -> Result<Vec<DiscountCodeResponse>, diesel::result::Error> {
    let campaign_ids: Vec<Uuid> = codes.iter().map(|c| c.campaign_id).collect();
    let influencer_ids: Vec<Uuid> = codes.iter().map(|c| c.influencer_id).collect();
    let campaigns: HashMap<Uuid, String> = afiliados_db::campaigns::find_many(conn, &campaign_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let names = afiliados_db::campaign_influencers::influencer_names(conn, &influencer_ids).await?;
    Ok(codes
        .into_iter()
        .map(|code| {
            let campaign = campaigns
                .get(&code.campaign_id)
                .cloned()
                .unwrap_or_default();
            let influencer = names.get(&code.influencer_id).cloned().unwrap_or_default();
            build(code, campaign, influencer)
        })
        .collect())
}

/// One code as its current row (re-read, so the answer shows what was committed).
pub async fn code_response(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    code_id: Uuid,
) -> Result<DiscountCodeResponse, diesel::result::Error> {
    let code = afiliados_db::discount_codes::find(conn, tenant_id, code_id)
        .await?
        .ok_or(diesel::result::Error::NotFound)?;
    Ok(code_responses(conn, vec![code]).await?.remove(0))
}
