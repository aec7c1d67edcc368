//! Policy versions: public reading (registration shows them) and staff publication; consents and
//! their certificates.

mod certificates;
mod consents;

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::policies::{
    ListPolicyVersionsQuery, PolicyList, PolicyVersionResponse, PublishPolicyRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::policies::{publish, read};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_public_policies)
        .service(get_public_policy)
        .service(get_policy_document)
        .service(list_policy_versions)
        .service(publish_policy_version)
        .service(consents::list_consents)
        .service(consents::accept_consents)
        .service(certificates::get_certificate)
        .service(certificates::get_certificate_pdf)
        .service(certificates::verify_certificate);
}

/// The active version of each policy type.
#[utoipa::path(tag = "policies", responses((status = 200, body = PolicyList)))]
#[get("/public/policies")]
async fn list_public_policies(state: web::Data<AppState>) -> ApiResult<web::Json<PolicyList>> {
    let ctx = state.use_case_context();
    let items = transaction::read(&state, async |tx| read::active(tx, &ctx).await).await?;
    Ok(web::Json(PolicyList { items }))
}

/// The active version of one type (`terms`, `privacy`, `habeas_data`; case-sensitive).
#[utoipa::path(tag = "policies", responses(
    (status = 200, body = PolicyVersionResponse), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
#[get("/public/policies/{policy_type}")]
async fn get_public_policy(
    state: web::Data<AppState>,
    policy_type: web::Path<String>,
) -> ApiResult<web::Json<PolicyVersionResponse>> {
    let ctx = state.use_case_context();
    let version = transaction::read(&state, async |tx| {
        read::active_of(tx, &ctx, &policy_type).await
    })
    .await?;
    Ok(web::Json(version))
}

/// The exact text whose SHA-256 is the version's checksum.
#[utoipa::path(tag = "policies", responses(
    (status = 200, content_type = "text/markdown", body = String), (status = 404, body = ApiErrorBody)))]
#[get("/public/policies/{policy_type}/versions/{version}/document")]
async fn get_policy_document(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (policy_type, version) = path.into_inner();
    let ctx = state.use_case_context();
    let row = transaction::read(&state, async |tx| {
        read::document(tx, &ctx, &policy_type, &version).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/markdown; charset=utf-8")
        .insert_header(("ETag", format!("\"{}\"", row.checksum)))
        .body(row.document_text))
}

/// Every published version, newest first.
#[utoipa::path(tag = "policies", params(ListPolicyVersionsQuery), responses(
    (status = 200, body = Page<PolicyVersionResponse>), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/policies/versions")]
async fn list_policy_versions(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListPolicyVersionsQuery>,
) -> ApiResult<web::Json<Page<PolicyVersionResponse>>> {
    let ctx = state.use_case_context();
    let page = transaction::read(&state, async |tx| {
        read::versions(tx, &ctx, &user, &query).await
    })
    .await?;
    Ok(web::Json(page))
}

/// Publishes a new version; the previous one of its type stops being active.
#[utoipa::path(tag = "policies", request_body = PublishPolicyRequest, responses(
    (status = 201, body = PolicyVersionResponse), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/policies/{policy_type}/versions")]
async fn publish_policy_version(
    state: web::Data<AppState>,
    user: CurrentUser,
    policy_type: web::Path<String>,
    body: web::Json<PublishPolicyRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let published = transaction::run(&state, async |tx| {
        publish::publish(tx, &ctx, &user, &policy_type, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(published))
}
