//! Listing and reading discount codes.

use actix_web::{get, web};
use afiliados_api_types::codes::{DiscountCodeResponse, ListCodesQuery};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::discount_codes_write::{CodeFilter, CodeSort};
use uuid::Uuid;

use super::STAFF;
use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::codes::representation::{code_response, code_responses};
use crate::usecases::codes::visible;

fn list_of(raw: Option<&str>, field: &str, allowed: &[&str]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for value in raw.unwrap_or_default().split(',').map(str::trim) {
        if value.is_empty() {
            continue;
        }
        if !allowed.contains(&value) {
            return Err(ApiError::field(field, "invalid_enum"));
        }
        out.push(value.to_owned());
    }
    Ok(out)
}

fn sort(raw: Option<&str>) -> Result<CodeSort, ApiError> {
    Ok(match raw.unwrap_or("-createdAt") {
        "-createdAt" => CodeSort::CreatedAtDesc,
        "createdAt" => CodeSort::CreatedAt,
        "code" => CodeSort::Code,
        "-code" => CodeSort::CodeDesc,
        "usageCount" => CodeSort::UsageCount,
        "-usageCount" => CodeSort::UsageCountDesc,
        _ => return Err(ApiError::field("sort", "invalid_enum")),
    })
}

/// Codes in scope (AM: its brands; IN: its own, whatever `influencerId` says).
#[utoipa::path(tag = "codes", params(ListCodesQuery), responses(
    (status = 200, body = Page<DiscountCodeResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/codes")]
pub(super) async fn list_codes(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListCodesQuery>,
) -> ApiResult<web::Json<Page<DiscountCodeResponse>>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let statuses = list_of(
        query.status.as_deref(),
        "status",
        &["pending", "active", "inactive"],
    )?;
    let sync_states = list_of(
        query.sync_state.as_deref(),
        "syncState",
        &["pending", "synced", "failed"],
    )?;
    let sort = sort(query.sort.as_deref())?;
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, true).await?;
    let mut filter = CodeFilter {
        campaign_id: query.campaign_id,
        influencer_id: query.influencer_id,
        brand_id: query.brand_id,
        statuses,
        sync_states,
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
        ..Default::default()
    };
    match &scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids.clone()),
        Scope::Influencer(own) => filter.influencer_id = Some(*own),
    }
    let (rows, total) = afiliados_db::discount_codes_write::list(
        &mut conn,
        state.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = code_responses(&mut conn, rows).await?;
    Ok(web::Json(paging.page(items, total)))
}

/// One code.
#[utoipa::path(tag = "codes", responses(
    (status = 200, body = DiscountCodeResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/codes/{id}")]
pub(super) async fn get_code(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DiscountCodeResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &STAFF, true, true).await?;
    let code = visible(&mut conn, state.tenant_id, &scope, *id, false).await?;
    Ok(web::Json(
        code_response(&mut conn, state.tenant_id, code.id).await?,
    ))
}
