//! `/tax-profiles` (finance, admin_dentsu) and `/public/tax-profiles`.

use actix_web::{HttpResponse, get, patch, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::brands::{
    CreateTaxProfileRequest, PublicTaxProfileList, TaxProfileList, TaxProfileResponse,
    UpdateTaxProfileRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::tax_profiles;

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
    let ctx = state.use_case_context();
    let items =
        transaction::read(&state, async |tx| tax_profiles::list_public(tx, &ctx).await).await?;
    Ok(web::Json(PublicTaxProfileList { items }))
}

/// Every profile, by code.
#[utoipa::path(tag = "tax-profiles", responses(
    (status = 200, body = TaxProfileList), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/tax-profiles")]
async fn list_tax_profiles(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<TaxProfileList>> {
    let ctx = state.use_case_context();
    let items =
        transaction::read(&state, async |tx| tax_profiles::list(tx, &ctx, &user).await).await?;
    Ok(web::Json(TaxProfileList { items }))
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
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        tax_profiles::create(tx, &ctx, &user, &body).await
    })
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
    let ctx = state.use_case_context();
    let updated = transaction::run(&state, async |tx| {
        tax_profiles::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(updated))
}
