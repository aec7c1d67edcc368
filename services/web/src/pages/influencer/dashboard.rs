//! `/influencer`: the influencer's landing page. It first checks the profile's pending consents
//! (new policy versions go before anything else), then shows the profile summary with its status,
//! the wallet, this month's figures, the monthly earnings chart and the tier progress
//! (`GET /dashboard/influencer`, `dashboard_money`), the codes with their status, and the campaigns.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::campaigns::ListCampaignsQuery;
use afiliados_api_types::codes::ListCodesQuery;
use afiliados_api_types::dashboards::InfluencerDashboardQuery;
use askama::Template;
use askama_web::WebTemplate;

use super::codes::CodeRow;
use super::dashboard_money::MoneyPanel;
use crate::context::Ctx;
use crate::error::{ACCEPT_POLICIES_PATH, WebError};
use crate::format::day;
use crate::layout::{Layout, render};

/// One campaign the influencer belongs to.
pub(crate) struct CampaignRow {
    name: String,
    brand: String,
    dates: String,
    status: String,
    tier: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/dashboard.html")]
pub(crate) struct DashboardPage {
    l: Layout,
    name: String,
    email: String,
    status: String,
    status_reason: String,
    codes: Vec<CodeRow>,
    campaigns: Vec<CampaignRow>,
    money: MoneyPanel,
}

/// `GET /influencer`.
pub(crate) async fn show_dashboard(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let profile = ctx
        .call(async |api, token| api.profile(token).await)
        .await?;
    if !profile.pending_consents.is_empty() {
        return Ok(ctx.see_other(ACCEPT_POLICIES_PATH));
    }
    let influencer = ctx
        .call(async |api, token| api.get_influencer(token, id).await)
        .await?;
    let codes_query = ListCodesQuery {
        page_size: Some(50),
        ..ListCodesQuery::default()
    };
    let codes = ctx
        .call(async |api, token| api.list_codes(token, &codes_query).await)
        .await?;
    let campaigns_query = ListCampaignsQuery {
        page_size: Some(50),
        ..ListCampaignsQuery::default()
    };
    let campaigns = ctx
        .call(async |api, token| api.list_campaigns(token, &campaigns_query).await)
        .await?;
    let board = ctx
        .call(async |api, token| {
            api.influencer_dashboard(token, &InfluencerDashboardQuery::default())
                .await
        })
        .await?;
    let page = DashboardPage {
        money: MoneyPanel::new(ctx.i18n, &board),
        name: format!("{} {}", influencer.first_name, influencer.last_name),
        email: influencer.email,
        status: influencer.status.to_string(),
        status_reason: influencer.status_reason.unwrap_or_default(),
        codes: codes
            .items
            .into_iter()
            .map(|code| CodeRow::new(ctx.i18n, code))
            .collect(),
        campaigns: campaigns
            .items
            .into_iter()
            .map(|campaign| CampaignRow {
                dates: format!(
                    "{} – {}",
                    day(Some(campaign.start_date)),
                    day(campaign.end_date)
                ),
                status: campaign.status.to_string(),
                tier: campaign
                    .my_tier
                    .map(|tier| format!("{} · {} %", tier.name, tier.commission_percent))
                    .unwrap_or_default(),
                name: campaign.name,
                brand: campaign.brand_name,
            })
            .collect(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
