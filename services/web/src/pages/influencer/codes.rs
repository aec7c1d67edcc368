//! `/influencer/codigos`: the influencer's own discount codes with campaign, discount, status,
//! dates and usage.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::codes::{DiscountCodeResponse, ListCodesQuery};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::format::day;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::Pager;

/// One code as the influencer sees it.
pub(crate) struct CodeRow {
    pub(crate) code: String,
    pub(crate) campaign: String,
    pub(crate) discount: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) dates: String,
    pub(crate) usage: String,
}

impl CodeRow {
    pub(crate) fn new(i18n: I18n, code: DiscountCodeResponse) -> CodeRow {
        let dates = match (code.starts_on, code.ends_on) {
            (None, None) => i18n.t("codes.campaign_dates").to_owned(),
            (start, end) => format!("{} – {}", day(start), day(end)),
        };
        CodeRow {
            status_label: i18n.label("code_status", code.status),
            status: code.status.to_string(),
            discount: format!("{} %", code.discount_percent),
            usage: match code.max_uses {
                Some(max) => format!("{} / {max}", code.usage_count),
                None => code.usage_count.to_string(),
            },
            campaign: code.campaign_name,
            code: code.code,
            dates,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/codes.html")]
pub(crate) struct OwnCodesPage {
    l: Layout,
    codes: Vec<CodeRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    page: Option<u32>,
}

/// `GET /influencer/codigos`.
pub(crate) async fn list_own_codes(
    ctx: Ctx,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let list = ListCodesQuery {
        page: Some(query.page.unwrap_or(1).max(1)),
        page_size: Some(20),
        ..ListCodesQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_codes(token, &list).await)
        .await?;
    let page = OwnCodesPage {
        pager: Pager::new(
            "/influencer/codigos",
            "",
            result.page,
            result.page_size,
            result.total,
        ),
        codes: result
            .items
            .into_iter()
            .map(|code| CodeRow::new(ctx.i18n, code))
            .collect(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
