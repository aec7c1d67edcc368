//! `/surveys*`: post-MVP feedback surveys (`api.md` §18).

use actix_web::{HttpResponse, get, patch, post, web};
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::surveys::{
    CreateSurveyRequest, ListSurveysQuery, SubmitSurveyResponseRequest, SurveyResponse,
    SurveyResponseReceipt, UpdateSurveyRequest,
};
use afiliados_api_types::{ApiErrorBody, Page};
use sha2::{Digest, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::transaction;
use crate::usecases::surveys::{create, read, respond, results, update};

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(create_survey)
        .service(list_surveys)
        .service(get_survey)
        .service(update_survey)
        .service(submit_survey_response)
        .service(export_survey_results);
}

/// Writes a draft survey (admin_dentsu).
#[utoipa::path(tag = "surveys", request_body = CreateSurveyRequest, responses(
    (status = 201, body = SurveyResponse), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[post("/surveys")]
async fn create_survey(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateSurveyRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let created = transaction::run(&state, async |tx| {
        create::create(tx, &ctx, &user, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Surveys: every one for admin_dentsu; the open ones asking the caller's roles otherwise.
#[utoipa::path(tag = "surveys", params(ListSurveysQuery), responses(
    (status = 200, body = Page<SurveyResponse>), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/surveys")]
async fn list_surveys(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListSurveysQuery>,
) -> ApiResult<web::Json<Page<SurveyResponse>>> {
    let ctx = state.use_case_context();
    let page =
        transaction::read(&state, async |tx| read::list(tx, &ctx, &user, &query).await).await?;
    Ok(web::Json(page))
}

/// One survey the caller may read.
#[utoipa::path(tag = "surveys", params(("id" = Uuid, Path, description = "Survey")), responses(
    (status = 200, body = SurveyResponse), (status = 404, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/surveys/{id}")]
async fn get_survey(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<SurveyResponse>> {
    let ctx = state.use_case_context();
    let survey =
        transaction::read(&state, async |tx| read::get(tx, &ctx, &user, *id).await).await?;
    Ok(web::Json(survey))
}

/// Edits a draft, or opens (notifying the targeted roles) or closes a survey (admin_dentsu).
#[utoipa::path(tag = "surveys", params(("id" = Uuid, Path, description = "Survey")),
    request_body = UpdateSurveyRequest, responses(
    (status = 200, body = SurveyResponse), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[patch("/surveys/{id}")]
async fn update_survey(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<UpdateSurveyRequest>,
) -> ApiResult<web::Json<SurveyResponse>> {
    let ctx = state.use_case_context();
    let survey = transaction::run(&state, async |tx| {
        update::update(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(web::Json(survey))
}

/// Answers a survey once (the targeted roles, while it is open).
#[utoipa::path(tag = "surveys", params(("id" = Uuid, Path, description = "Survey")),
    request_body = SubmitSurveyResponseRequest, responses(
    (status = 201, body = SurveyResponseReceipt), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[post("/surveys/{id}/responses")]
async fn submit_survey_response(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    body: web::Json<SubmitSurveyResponseRequest>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let receipt = transaction::run(&state, async |tx| {
        respond::respond(tx, &ctx, &user, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// The responses as CSV, by role, never by person (admin_dentsu).
#[utoipa::path(tag = "surveys", params(("id" = Uuid, Path, description = "Survey"), ExportLocaleQuery), responses(
    (status = 200, description = "The CSV file, with `X-Content-SHA256`", content_type = "text/csv"),
    (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)),
    security(("bearer" = [])))]
#[get("/surveys/{id}/results.csv")]
async fn export_survey_results(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    locale: web::Query<ExportLocaleQuery>,
) -> ApiResult<HttpResponse> {
    let ctx = state.use_case_context();
    let file = transaction::run(&state, async |tx| {
        results::export(tx, &ctx, &user, *id, &locale).await
    })
    .await?;
    let digest = format!("{:x}", Sha256::digest(&file.body));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", file.filename),
        ))
        .insert_header(("X-Content-SHA256", digest))
        .body(file.body))
}
