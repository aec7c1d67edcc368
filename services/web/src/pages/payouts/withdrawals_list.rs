//! `/retiros`: withdrawals in the caller's scope. Finance and admin dentsu open it on the queue of
//! requests to decide (`status=pending`), with tabs for the payable list (`payable=true`: approved
//! and past the brand's hold days) and for every request; the other readers see every request of
//! their scope (AM its brands, GA all; an influencer is sent to its wallet, which lists its own).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::payments::ListWithdrawalsQuery;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::shared::WithdrawalRow;
use super::{FINANCE, WITHDRAWAL_READERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};
use afiliados_domain::Role;

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/withdrawals.html")]
pub(crate) struct WithdrawalsPage {
    l: Layout,
    /// `pending`, `payable` or `all`.
    view: String,
    finance: bool,
    withdrawals: Vec<WithdrawalRow>,
    pager: Pager,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    vista: Option<String>,
}

/// `GET /retiros?vista=pendientes|pagables|todos`.
pub(crate) async fn list_withdrawals(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(WITHDRAWAL_READERS)?;
    if user.roles == [Role::Influencer] {
        return Ok(ctx.see_other("/influencer/billetera"));
    }
    let finance = user.has_any(FINANCE);
    let Filters { page, vista } = filters.into_inner();
    let view = match vista.as_deref() {
        Some("pagables") => "payable",
        Some("todos") => "all",
        Some("pendientes") => "pending",
        _ if finance => "pending",
        _ => "all",
    };
    let query = ListWithdrawalsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(25),
        status: (view == "pending").then(|| "pending".to_owned()),
        payable: (view == "payable").then_some(true),
        // The queue is worked oldest first; the other views show the newest first.
        sort: (view == "pending").then(|| "requestedAt".to_owned()),
        ..ListWithdrawalsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_withdrawals(token, &query).await)
        .await?;
    let vista = match view {
        "payable" => "pagables",
        "all" => "todos",
        _ => "pendientes",
    };
    let page = WithdrawalsPage {
        withdrawals: result
            .items
            .iter()
            .map(|w| WithdrawalRow::new(ctx.i18n, w))
            .collect(),
        pager: Pager::new(
            "/retiros",
            &filter_query(&[("vista", Some(vista))]),
            result.page,
            result.page_size,
            result.total,
        ),
        view: view.to_owned(),
        finance,
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
