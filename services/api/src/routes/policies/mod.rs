//! Policy versions: public reading (registration shows them) and staff publication; consents and
//! their certificates.

mod certificates;
mod consents;

use actix_web::{HttpResponse, get, post, web};
use afiliados_api_types::policies::{
    ListPolicyVersionsQuery, PolicyList, PolicyVersionResponse, PublishPolicyRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_domain::Role;
use diesel_async::AsyncConnection;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;
use crate::usecases::policies::{POLICY_TYPES, publish, response};

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

fn known_type(raw: &str) -> Result<&'static str, ApiError> {
    POLICY_TYPES
        .into_iter()
        .find(|t| *t == raw)
        .ok_or_else(|| ApiError::field("policyType", "invalid_enum"))
}

/// The active version of each policy type.
#[utoipa::path(tag = "policies", responses((status = 200, body = PolicyList)))]
#[get("/public/policies")]
async fn list_public_policies(state: web::Data<AppState>) -> ApiResult<web::Json<PolicyList>> {
    let mut conn = state.conn().await?;
    let rows = afiliados_db::policy_versions::active(&mut conn, state.tenant_id).await?;
    Ok(web::Json(PolicyList {
        items: rows.into_iter().map(response).collect(),
    }))
}

/// The active version of one type (`terms`, `privacy`, `habeas_data`; case-sensitive).
#[utoipa::path(tag = "policies", responses(
    (status = 200, body = PolicyVersionResponse), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
#[get("/public/policies/{policy_type}")]
async fn get_public_policy(
    state: web::Data<AppState>,
    policy_type: web::Path<String>,
) -> ApiResult<web::Json<PolicyVersionResponse>> {
    let kind = known_type(&policy_type)?;
    let mut conn = state.conn().await?;
    let rows = afiliados_db::policy_versions::active(&mut conn, state.tenant_id).await?;
    rows.into_iter()
        .find(|r| r.policy_type.as_str() == kind)
        .map(|r| web::Json(response(r)))
        .ok_or(ApiError::NotFound)
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
    let kind = known_type(&policy_type)?;
    let mut conn = state.conn().await?;
    let row =
        afiliados_db::policy_versions::find_version(&mut conn, state.tenant_id, kind, &version)
            .await?
            .ok_or(ApiError::NotFound)?;
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
    user.require_any(&[Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor])?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let kind = query.policy_type.as_deref().map(known_type).transpose()?;
    let mut conn = state.conn().await?;
    let (rows, total) = afiliados_db::policy_versions::list(
        &mut conn,
        state.tenant_id,
        kind,
        query.is_active,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let ids: Vec<_> = rows.iter().map(|row| row.id).collect();
    let counts: std::collections::HashMap<_, _> =
        afiliados_db::consents::live_counts(&mut conn, &ids)
            .await?
            .into_iter()
            .collect();
    let items = rows
        .into_iter()
        .map(|row| {
            let accepted = counts.get(&row.id).copied().unwrap_or(0);
            PolicyVersionResponse {
                accepted_count: Some(accepted),
                ..response(row)
            }
        })
        .collect();
    Ok(web::Json(paging.page(items, total)))
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
    user.require_any(&[Role::AdminDentsu])?;
    let (kind, version, checksum) = publish::validate(&policy_type, &body, state.now())?;
    let mut conn = state.conn().await?;
    let published = conn
        .transaction(async |tx| {
            publish::publish(tx, &state, &user, &kind, version, &checksum, &body).await
        })
        .await?;
    state.wake_relay();
    Ok(HttpResponse::Created().json(published))
}
