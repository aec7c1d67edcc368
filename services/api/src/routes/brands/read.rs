//! Reading brands and withdrawal policies.

use actix_web::{get, web};
use afiliados_api_types::brands::{
    BrandResponse, ListBrandsQuery, WithdrawalPolicyList, WithdrawalPolicyResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::brands::BrandFilter;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::brands::{representation, visible};

const READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

/// Brands in the caller's scope (AM: its brands; IN: brands of its campaigns), by name.
#[utoipa::path(tag = "brands", params(ListBrandsQuery), responses(
    (status = 200, body = Page<BrandResponse>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands")]
pub(super) async fn list_brands(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListBrandsQuery>,
) -> ApiResult<web::Json<Page<BrandResponse>>> {
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && status != "active"
        && status != "inactive"
    {
        return Err(ApiError::field("status", "invalid_enum"));
    }
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &READERS, true, true).await?;
    let ids = match &scope {
        Scope::All => None,
        Scope::Brands(ids) => Some(ids.clone()),
        Scope::Influencer(own) => Some(afiliados_db::brands::of_influencer(&mut conn, *own).await?),
    };
    let filter = BrandFilter {
        ids,
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) = afiliados_db::brands::list(
        &mut conn,
        state.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = representation::many(&mut conn, rows, scope.is_all()).await?;
    Ok(web::Json(paging.page(items, total)))
}

/// One brand.
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = BrandResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands/{id}")]
pub(super) async fn get_brand(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BrandResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &READERS, true, true).await?;
    let brand = visible(&mut conn, state.tenant_id, &scope, *id).await?;
    Ok(web::Json(
        representation::one(&mut conn, brand, scope.is_all()).await?,
    ))
}

/// A brand's withdrawal policy.
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = WithdrawalPolicyResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/brands/{id}/withdrawal-policy")]
pub(super) async fn get_withdrawal_policy(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WithdrawalPolicyResponse>> {
    let mut conn = state.conn().await?;
    let scope = resolve(&mut conn, &user, &READERS, true, true).await?;
    let brand = visible(&mut conn, state.tenant_id, &scope, *id).await?;
    let rows = afiliados_db::brand_withdrawal_policies::of_brands(&mut conn, &[brand.id]).await?;
    Ok(web::Json(representation::policy(
        &brand,
        rows.get(&brand.id),
    )))
}

/// The withdrawal policy of every brand in scope (unpaginated).
#[utoipa::path(tag = "brands", responses(
    (status = 200, body = WithdrawalPolicyList), (status = 403, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/policies")]
pub(super) async fn list_payment_policies(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<WithdrawalPolicyList>> {
    let mut conn = state.conn().await?;
    let scope = resolve(
        &mut conn,
        &user,
        &[Role::AdminDentsu, Role::Finance],
        true,
        false,
    )
    .await?;
    let brands: Vec<_> = afiliados_db::brands::all(&mut conn, state.tenant_id)
        .await?
        .into_iter()
        .filter(|b| scope.covers_brand(b.id))
        .collect();
    let ids: Vec<Uuid> = brands.iter().map(|b| b.id).collect();
    let rows = afiliados_db::brand_withdrawal_policies::of_brands(&mut conn, &ids).await?;
    Ok(web::Json(WithdrawalPolicyList {
        items: brands
            .iter()
            .map(|brand| representation::policy(brand, rows.get(&brand.id)))
            .collect(),
    }))
}
