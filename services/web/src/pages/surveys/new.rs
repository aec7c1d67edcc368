//! `/encuestas/nueva` (admin_dentsu): a draft survey — title, window (UTC, like every instant of
//! the staff pages), the roles asked, and up to [`ROWS`] questions (a row without text is left
//! out; a single-choice question takes one option per line). The api checks the whole survey;
//! its refusals are shown next to the fields, the questions' above their fieldset.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::surveys::{CreateSurveyRequest, SurveyQuestionInput};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, NaiveDateTime, Utc};

use super::SURVEY_ADMINS;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// Question rows on the form.
const ROWS: usize = 8;
/// Question types in the form's order.
const TYPES: [&str; 3] = ["scale_1_5", "single_choice", "text"];

/// One question row as typed.
#[derive(Clone, Default)]
pub(crate) struct QuestionRow {
    text: String,
    kind: String,
    options: String,
}

/// The form as typed.
#[derive(Default)]
pub(crate) struct SurveyForm {
    title: String,
    opens_at: String,
    closes_at: String,
    roles: Vec<String>,
    questions: Vec<QuestionRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/surveys/new.html")]
pub(crate) struct NewSurveyPage {
    l: Layout,
    form: SurveyForm,
    role_options: Vec<(&'static str, String)>,
    type_options: Vec<(&'static str, String)>,
    message: Option<String>,
    fields: FieldErrors,
}

async fn page(ctx: &Ctx, form: SurveyForm) -> Result<NewSurveyPage, WebError> {
    Ok(NewSurveyPage {
        l: ctx.layout().await?,
        form,
        role_options: Role::SPELLINGS
            .iter()
            .map(|role| (*role, ctx.i18n.label("role", role)))
            .collect(),
        type_options: TYPES
            .iter()
            .map(|kind| (*kind, ctx.i18n.label("survey_question_type", kind)))
            .collect(),
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /encuestas/nueva`.
pub(crate) async fn show_new_survey(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(SURVEY_ADMINS)?;
    let form = SurveyForm {
        questions: vec![
            QuestionRow {
                kind: "scale_1_5".into(),
                ..QuestionRow::default()
            };
            ROWS
        ],
        ..SurveyForm::default()
    };
    render(&page(&ctx, form).await?, StatusCode::OK)
}

/// A `datetime-local` value read as UTC.
fn instant(raw: &str) -> Option<DateTime<Utc>> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw.trim(), format).ok())
        .map(|at| at.and_utc())
}

fn read(form: &FormData) -> SurveyForm {
    SurveyForm {
        title: form.get("title"),
        opens_at: form.get("opens_at"),
        closes_at: form.get("closes_at"),
        roles: form.all("roles"),
        questions: (0..ROWS)
            .map(|i| QuestionRow {
                text: form.get(&format!("q{i}_text")),
                kind: form.get(&format!("q{i}_type")),
                options: form.get(&format!("q{i}_options")),
            })
            .collect(),
    }
}

/// The questions the admin wrote, ids `p1`, `p2`… in order.
fn questions(rows: &[QuestionRow]) -> Vec<SurveyQuestionInput> {
    rows.iter()
        .filter(|row| !row.text.trim().is_empty())
        .enumerate()
        .map(|(i, row)| SurveyQuestionInput {
            id: format!("p{}", i + 1),
            text: row.text.trim().to_owned(),
            kind: row.kind.clone(),
            options: (row.kind == "single_choice").then(|| {
                row.options
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
        })
        .collect()
}

/// `POST /encuestas/nueva`: to the draft's page when stored.
pub(crate) async fn submit_new_survey(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(SURVEY_ADMINS)?;
    let typed = read(&form);
    let opens_at = instant(&typed.opens_at);
    let closes_at = instant(&typed.closes_at);
    let mut fields = FieldErrors::default();
    if opens_at.is_none() {
        fields.add(
            "opensAt",
            ctx.i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    if closes_at.is_none() {
        fields.add(
            "closesAt",
            ctx.i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    let (Some(opens_at), Some(closes_at)) = (opens_at, closes_at) else {
        let mut shown = page(&ctx, typed).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = CreateSurveyRequest {
        title: typed.title.clone(),
        questions: questions(&typed.questions),
        target_roles: typed.roles.clone(),
        opens_at,
        closes_at,
    };
    match ctx
        .call(async |api, token| api.create_survey(token, &request).await)
        .await
    {
        Ok(survey) => ctx.done(&format!("/encuestas/{}", survey.id), "surveys.created"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut shown = page(&ctx, typed).await?;
            shown.message = feedback.message;
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_rows_are_left_out_and_options_split_by_line() {
        let rows = vec![
            QuestionRow {
                text: "¿Qué tan útil?".into(),
                kind: "scale_1_5".into(),
                options: "ignored".into(),
            },
            QuestionRow::default(),
            QuestionRow {
                text: "¿Canal?".into(),
                kind: "single_choice".into(),
                options: "Instagram\r\n\r\n TikTok \n".into(),
            },
        ];
        let questions = questions(&rows);
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[0].options, None);
        assert_eq!(questions[1].id, "p2");
        assert_eq!(
            questions[1].options,
            Some(vec!["Instagram".to_owned(), "TikTok".to_owned()])
        );
        assert_eq!(
            instant("2026-12-07T09:30").map(|at| at.to_rfc3339()),
            Some("2026-12-07T09:30:00+00:00".to_owned())
        );
        assert_eq!(instant("mañana"), None);
    }
}
