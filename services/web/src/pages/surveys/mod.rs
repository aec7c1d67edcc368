//! `/encuestas`: surveys (`api.md` §18, ADR 0060). admin_dentsu writes a draft with its
//! questions, opens and closes it and downloads the results CSV; everyone else sees the open
//! surveys that ask one of their roles (the pending ones first) and answers each once. The api
//! decides who is asked and when a survey takes answers; the pages only offer what it allows.

mod answer;
mod detail;
mod list;
mod new;

use actix_web::web;
use afiliados_api_types::surveys::{SurveyQuestionType, SurveyResponse};
use afiliados_domain::Role;

use crate::format::stamp;
use crate::i18n::I18n;

/// Who writes, opens, closes and exports surveys.
const SURVEY_ADMINS: &[Role] = &[Role::AdminDentsu];

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/encuestas", web::get().to(list::list_surveys))
        .route("/encuestas/nueva", web::get().to(new::show_new_survey))
        .route("/encuestas/nueva", web::post().to(new::submit_new_survey))
        .route("/encuestas/{id}", web::get().to(detail::show_survey))
        .route(
            "/encuestas/{id}/estado",
            web::post().to(detail::submit_survey_status),
        )
        .route(
            "/encuestas/{id}/resultados.csv",
            web::get().to(detail::download_results),
        )
        .route(
            "/encuestas/{id}/respuestas",
            web::post().to(answer::submit_answers),
        );
}

/// One survey in a list.
pub(crate) struct SurveyRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) opens_at: String,
    pub(crate) closes_at: String,
    pub(crate) roles: String,
    pub(crate) questions: usize,
    pub(crate) responses: String,
    pub(crate) answered: bool,
}

impl SurveyRow {
    pub(crate) fn new(i18n: I18n, survey: &SurveyResponse) -> SurveyRow {
        SurveyRow {
            id: survey.id.to_string(),
            title: survey.title.clone(),
            status: survey.status.as_str().to_owned(),
            status_label: i18n.label("survey_status", survey.status),
            opens_at: stamp(Some(survey.opens_at)),
            closes_at: stamp(Some(survey.closes_at)),
            roles: survey
                .target_roles
                .iter()
                .map(|role| i18n.label("role", role))
                .collect::<Vec<_>>()
                .join(", "),
            questions: survey.questions.len(),
            responses: survey
                .responses_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            answered: survey.answered,
        }
    }
}

/// The catalogue key of a question type.
pub(crate) fn type_label(i18n: I18n, kind: SurveyQuestionType) -> String {
    i18n.label("survey_question_type", kind.as_str())
}
