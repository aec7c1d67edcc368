//! `/payments/batches*` (`api.md` §11, FI and AD): create, list, read, download the payout CSV,
//! pay all or nothing, cancel. All paths start with the fixed `/payments/batches` segment, so
//! they are registered before `/payments/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use afiliados_api_types::payments::{
    CreateBatchRequest, ListBatchesQuery, PayBatchRequest, PayoutBatchResponse,
};
use afiliados_api_types::{ApiErrorBody, Page};
use futures::StreamExt as _;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::idempotency::{self, IdempotentRequest};
use crate::state::AppState;
use crate::transaction;
use crate::usecases::batches::{cancel, create, pay, read};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(create_batch)
        .service(list_batches)
        .service(get_batch)
        .service(batch_csv)
        .service(pay_batch)
        .service(cancel_batch);
}

/// Exports every approved, payable, unbatched withdrawal in scope (or the listed ones) as a batch.
#[utoipa::path(tag = "payments", request_body = CreateBatchRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1–100 visible ASCII characters; a retry with the same key and body within 24 h replays the first answer (`Idempotent-Replay: true`)")),
    responses(
    (status = 201, body = PayoutBatchResponse), (status = 403, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`batch_empty`; `batch_conflict` listing each listed withdrawal that cannot go in a batch"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/payments/batches")]
async fn create_batch(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    body: web::Json<CreateBatchRequest>,
) -> ApiResult<HttpResponse> {
    let idempotent = IdempotentRequest::new(&req, &*body)?;
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
        if let Some(replay) = claim.replay() {
            return Ok(replay);
        }
        let batch = create::create(tx, &ctx, &user, &body).await?;
        claim.answer(tx, StatusCode::CREATED, &batch).await
    })
    .await?;
    Ok(answer.into_response())
}

/// Batches, newest first.
#[utoipa::path(tag = "payments", params(ListBatchesQuery), responses(
    (status = 200, body = Page<PayoutBatchResponse>), (status = 403, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/batches")]
async fn list_batches(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListBatchesQuery>,
) -> ApiResult<web::Json<Page<PayoutBatchResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One batch.
#[utoipa::path(tag = "payments", responses(
    (status = 200, body = PayoutBatchResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/batches/{id}")]
async fn get_batch(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PayoutBatchResponse>> {
    let ctx = state.use_case_context();
    let batch = transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(batch))
}

/// The payout CSV: the only output with full bank account numbers (audited
/// `batch.csv_downloaded`).
#[utoipa::path(tag = "payments", responses(
    (status = 200, description = "The payout CSV, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/payments/batches/{id}/export.csv")]
async fn batch_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let download =
        transaction::run(&state, async |tx| read::csv(tx, &ctx, &user, *id).await).await?;
    // Streamed a chunk at a time (ADR 0081); the length and digest come from the document row,
    // and a body that fails on the way (or does not match the digest) is cut short.
    let body = download.body.map(|piece| piece.map(web::Bytes::from));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", download.filename),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Content-SHA256", download.sha256))
        .no_chunking(download.size_bytes)
        .streaming(body))
}

/// Pays every withdrawal of the batch in one transaction, or none.
#[utoipa::path(tag = "payments", request_body = PayBatchRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1–100 visible ASCII characters; a retry with the same key and body within 24 h replays the first answer (`Idempotent-Replay: true`)")),
    responses(
    (status = 200, body = PayoutBatchResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody, description = "`batch_not_open`; `batch_conflict` (`details` lists each withdrawal id with its blocking code)"),
    (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/payments/batches/{id}/pay")]
async fn pay_batch(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: web::Json<PayBatchRequest>,
) -> ApiResult<HttpResponse> {
    let idempotent = IdempotentRequest::new(&req, &*body)?;
    let ctx = state.use_case_context();
    let answer = transaction::run(&state, async |tx| {
        let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
        if let Some(replay) = claim.replay() {
            return Ok(replay);
        }
        let paid = pay::pay(tx, &ctx, &user, *id, &body).await?;
        claim.answer_json(tx, StatusCode::OK, paid.json).await
    })
    .await?;
    Ok(answer.into_response())
}

/// Cancels an exported batch; its withdrawals are approved and unbatched again.
#[utoipa::path(tag = "payments", responses(
    (status = 200, body = PayoutBatchResponse), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody, description = "`batch_not_open`")),
    security(("bearer" = [])))]
#[post("/payments/batches/{id}/cancel")]
async fn cancel_batch(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PayoutBatchResponse>> {
    let ctx = state.use_case_context();
    let batch = transaction::run(&state, async |tx| {
        cancel::cancel(tx, &ctx, &user, *id).await
    })
    .await?;
    Ok(web::Json(batch))
}
