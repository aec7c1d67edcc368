//! `/gestor/marcas`: the brands in scope with their coupon prefix and withdrawal policy.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::{BrandResponse, ListBrandsQuery};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::{BRAND_ADMINS, BRAND_READERS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/brands.html")]
pub(crate) struct BrandsPage {
    l: Layout,
    q: String,
    rows: Vec<BrandResponse>,
    pager: Pager,
    can_create: bool,
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    page: Option<u32>,
    q: Option<String>,
}

/// `GET /gestor/marcas`.
pub(crate) async fn list_brands(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(BRAND_READERS)?;
    let Filters { page, q } = filters.into_inner();
    let query = ListBrandsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        q: q.clone().filter(|value| !value.is_empty()),
        ..ListBrandsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_brands(token, &query).await)
        .await?;
    let filters = filter_query(&[("q", q.as_deref())]);
    let page = BrandsPage {
        pager: Pager::new(
            "/gestor/marcas",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        rows: result.items,
        can_create: user.has_any(BRAND_ADMINS),
        q: q.unwrap_or_default(),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
