//! `GET /arco/requests` and `GET /arco/requests/{id}`.

use actix_web::{get, web};
use afiliados_api_types::arco::{ArcoRequestResponse, ListArcoRequestsQuery};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::arco_requests::ArcoFilter;
use afiliados_domain::{ArcoStatus, ArcoType};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::arco::{readable, reader_scope, responses};

/// A comma list whose every item `parse` accepts; 422 `invalid_enum` at `field` otherwise.
fn enum_list(raw: Option<&str>, field: &str, valid: fn(&str) -> bool) -> ApiResult<Vec<String>> {
    let items: Vec<String> = raw
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect();
    if items.iter().all(|item| valid(item)) {
        Ok(items)
    } else {
        Err(ApiError::field(field, "invalid_enum"))
    }
}

/// Requests ordered by due date; an influencer sees only its own.
#[utoipa::path(tag = "arco", params(ListArcoRequestsQuery), responses(
    (status = 200, body = Page<ArcoRequestResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/arco/requests")]
pub(super) async fn list_arco_requests(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListArcoRequestsQuery>,
) -> ApiResult<web::Json<Page<ArcoRequestResponse>>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let statuses = enum_list(query.status.as_deref(), "status", |s| {
        ArcoStatus::parse(s).is_some()
    })?;
    let kinds = enum_list(query.kind.as_deref(), "type", |s| {
        ArcoType::parse(s).is_some()
    })?;
    let mut conn = state.conn().await?;
    // An influencer's filter is replaced by its own id (domain.md §2.3).
    let influencer_id = reader_scope(&mut conn, &user)
        .await?
        .or(query.influencer_id);
    let filter = ArcoFilter {
        statuses,
        kinds,
        influencer_id,
        overdue: query.overdue,
    };
    let (rows, total) = afiliados_db::arco_requests::list(
        &mut conn,
        state.tenant_id,
        &filter,
        state.now(),
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = responses(&mut conn, rows).await?;
    Ok(web::Json(paging.page(items, total)))
}

/// One request.
#[utoipa::path(tag = "arco", params(("id" = Uuid, Path, description = "ARCO request")), responses(
    (status = 200, body = ArcoRequestResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/arco/requests/{id}")]
pub(super) async fn get_arco_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ArcoRequestResponse>> {
    let mut conn = state.conn().await?;
    let row = readable(&mut conn, state.tenant_id, &user, *id).await?;
    let mut items = responses(&mut conn, vec![row]).await?;
    items.pop().map(web::Json).ok_or(ApiError::NotFound)
}
