//! `/tax-profiles` (finance, admin_dentsu) and `/public/tax-profiles`.

use actix_web::{HttpResponse, get, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::brands::{
    CreateTaxProfileRequest, PublicTaxProfile, PublicTaxProfileList, TaxProfileList,
    TaxProfileResponse, UpdateTaxProfileRequest,
};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::tax_profiles::{create, response, update};

const STAFF: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_public_tax_profiles)
        .service(list_tax_profiles)
        .service(create_tax_profile)
        .service(update_tax_profile);
}

/// Active profiles for the registration form (no rates).
#[utoipa::path(tag = "tax-profiles", responses((status = 200, body = PublicTaxProfileList)))]
#[get("/public/tax-profiles")]
async fn list_public_tax_profiles(
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PublicTaxProfileList>> {
    let mut conn = state.conn().await?;
    let rows = afiliados_db::tax_profiles::list(&mut conn, state.tenant_id, true).await?;
    Ok(web::Json(PublicTaxProfileList {
        items: rows
            .into_iter()
            .map(|row| PublicTaxProfile {
                code: row.code,
                name: row.name,
            })
            .collect(),
    }))
}

/// Every profile, by code.
#[utoipa::path(tag = "tax-profiles", responses(
    (status = 200, body = TaxProfileList), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/tax-profiles")]
async fn list_tax_profiles(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<TaxProfileList>> {
    user.require_any(&STAFF)?;
    let mut conn = state.conn().await?;
    let rows = afiliados_db::tax_profiles::list(&mut conn, state.tenant_id, false).await?;
    Ok(web::Json(TaxProfileList {
        items: rows.into_iter().map(response).collect(),
    }))
}

/// Creates a profile (409 `code_taken`).
#[utoipa::path(tag = "tax-profiles", request_body = CreateTaxProfileRequest, responses(
    (status = 201, body = TaxProfileResponse), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/tax-profiles")]
async fn create_tax_profile(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateTaxProfileRequest>,
) -> ApiResult<HttpResponse> {
    user.require_any(&STAFF)?;
    let mut conn = state.conn().await?;
    let created = conn
        .transaction(async |tx| create(tx, &state, &user, &body).await)
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Edits a profile (the code never changes).
#[utoipa::path(tag = "tax-profiles", request_body = UpdateTaxProfileRequest, responses(
    (status = 200, body = TaxProfileResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/tax-profiles/{id}")]
async fn update_tax_profile(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateTaxProfileRequest>,
) -> ApiResult<web::Json<TaxProfileResponse>> {
    user.require_any(&STAFF)?;
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| update(tx, &state, &user, *id, &body).await)
        .await
        .map(web::Json)
}
