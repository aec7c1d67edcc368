//! `GET /arco/requests/{id}/export`.

use actix_web::{HttpResponse, get, web};
use afiliados_api_types::ApiErrorBody;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::arco::export;

/// The JSON export of a completed access request, as an attachment.
#[utoipa::path(tag = "arco", params(("id" = Uuid, Path, description = "ARCO request")), responses(
    (status = 200, content_type = "application/json", body = serde_json::Value), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/arco/requests/{id}/export")]
pub(super) async fn download_arco_export(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    // The bytes are read inside the transaction: the download is audited only if it succeeds.
    let (document, bytes) = transaction::run(&state, async |tx| {
        export::download(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", document.filename),
        ))
        .insert_header(("X-Content-SHA256", document.sha256.clone()))
        .body(bytes))
}
