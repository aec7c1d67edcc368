//! `POST /encuestas/{id}/respuestas`: the respondent's answers as the api expects them (a scale
//! as an integer, a choice as its text, a text as typed; an unanswered question is left out, so
//! the api names what is missing). A refusal shows the form again with what was typed.

use actix_web::{HttpResponse, web};
use afiliados_api_types::surveys::{SubmitSurveyResponseRequest, SurveyQuestionType};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::SURVEY_ADMINS;
use super::detail::page;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::form_feedback;
use crate::forms::FormData;
use crate::layout::render;

/// `POST /encuestas/{id}/respuestas`.
pub(crate) async fn submit_answers(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[])?;
    let id = id.into_inner();
    let survey = ctx
        .call(async |api, token| api.get_survey(token, id).await)
        .await?;
    let mut answers = Map::new();
    let mut typed = Vec::new();
    for question in &survey.questions {
        let raw = form.get(&format!("answer_{}", question.id));
        typed.push((question.id.clone(), raw.clone()));
        if raw.trim().is_empty() {
            continue;
        }
        let value = match question.kind {
            // Anything but an integer goes as typed, so the api names the problem.
            SurveyQuestionType::Scale15 => raw
                .trim()
                .parse::<i64>()
                .map_or(Value::String(raw.clone()), Value::from),
            _ => Value::String(raw),
        };
        answers.insert(question.id.clone(), value);
    }
    let request = SubmitSurveyResponseRequest {
        answers: Value::Object(answers),
    };
    match ctx
        .call(async |api, token| api.answer_survey(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done("/encuestas", "surveys.answered_done"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut shown = page(&ctx, user.has_any(SURVEY_ADMINS), &survey, &typed).await?;
            shown.message = feedback.message;
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}
