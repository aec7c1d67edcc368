//! `GET /encuestas/{id}`: for admin_dentsu the survey with its questions, the open or close
//! step its status allows, and the results CSV; for anyone else the answer form while the survey
//! takes answers from them, or a thank-you once answered.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::surveys::{SurveyQuestionType, SurveyResponse, UpdateSurveyRequest};
use afiliados_domain::SurveyStatus;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::{SURVEY_ADMINS, SurveyRow, type_label};
use crate::context::Ctx;
use crate::download::file_response;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, refusal};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// One question as shown, with the value typed so far.
pub(crate) struct QuestionView {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) kind: String,
    pub(crate) kind_label: String,
    pub(crate) options: Vec<String>,
    pub(crate) value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/surveys/detail.html")]
pub(crate) struct SurveyPage {
    pub(crate) l: Layout,
    pub(crate) admin: bool,
    pub(crate) survey: SurveyRow,
    pub(crate) can_open: bool,
    pub(crate) can_close: bool,
    pub(crate) can_answer: bool,
    pub(crate) questions: Vec<QuestionView>,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

impl SurveyPage {
    /// The api's messages about one answer (`answers.<questionId>`).
    fn errors_of(&self, id: &str) -> Vec<&str> {
        self.fields.of(&format!("answers.{id}"))
    }
}

impl QuestionView {
    fn kind_is(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

/// The page of `survey` for the caller, with `values` typed by question id.
pub(crate) async fn page(
    ctx: &Ctx,
    admin: bool,
    survey: &SurveyResponse,
    values: &[(String, String)],
) -> Result<SurveyPage, WebError> {
    let questions = survey
        .questions
        .iter()
        .map(|q| QuestionView {
            id: q.id.clone(),
            text: q.text.clone(),
            kind: q.kind.as_str().to_owned(),
            kind_label: type_label(ctx.i18n, q.kind),
            options: match q.kind {
                SurveyQuestionType::Scale15 => (1..=5).map(|n| n.to_string()).collect(),
                _ => q.options.clone().unwrap_or_default(),
            },
            value: values
                .iter()
                .find(|(id, _)| *id == q.id)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(SurveyPage {
        l: ctx.layout().await?,
        admin,
        can_open: admin && survey.status == SurveyStatus::Draft,
        can_close: admin && survey.status == SurveyStatus::Open,
        can_answer: survey.accepting_responses && !survey.answered && !admin,
        survey: SurveyRow::new(ctx.i18n, survey),
        questions,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /encuestas/{id}`.
pub(crate) async fn show_survey(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[])?;
    let id = id.into_inner();
    let survey = ctx
        .call(async |api, token| api.get_survey(token, id).await)
        .await?;
    let shown = page(&ctx, user.has_any(SURVEY_ADMINS), &survey, &[]).await?;
    render(&shown, StatusCode::OK)
}

/// `POST /encuestas/{id}/estado` with `status` `open` or `closed`.
pub(crate) async fn submit_survey_status(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(SURVEY_ADMINS)?;
    let id = id.into_inner();
    let status = form.get("status");
    let request = UpdateSurveyRequest {
        status: Some(status.clone()),
        ..UpdateSurveyRequest::default()
    };
    let back = format!("/encuestas/{id}");
    match ctx
        .call(async |api, token| api.update_survey(token, id, &request).await)
        .await
    {
        Ok(_) if status == "open" => ctx.done(&back, "surveys.opened"),
        Ok(_) => ctx.done(&back, "surveys.closed"),
        Err(error) => {
            let message = refusal(ctx.i18n, error)?;
            ctx.failed(&back, &message)
        }
    }
}

/// `GET /encuestas/{id}/resultados.csv` in the page's language.
pub(crate) async fn download_results(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    ctx.require(SURVEY_ADMINS)?;
    let id = id.into_inner();
    let query = ExportLocaleQuery {
        locale: Some(ctx.i18n.locale),
    };
    let file = ctx
        .call(async |api, token| api.download_survey_results(token, id, &query).await)
        .await?;
    Ok(file_response(file, &format!("encuesta-{id}.csv")))
}
