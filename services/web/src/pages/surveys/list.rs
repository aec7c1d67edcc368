//! `GET /encuestas`: admin_dentsu sees every survey (status, window, roles, responses) with the
//! link to write a new one; anyone else the surveys waiting for an answer, then those answered.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::surveys::ListSurveysQuery;
use askama::Template;
use askama_web::WebTemplate;

use super::{SURVEY_ADMINS, SurveyRow};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};

#[derive(Template, WebTemplate)]
#[template(path = "pages/surveys/list.html")]
pub(crate) struct SurveysPage {
    l: Layout,
    admin: bool,
    rows: Vec<SurveyRow>,
    pending: Vec<SurveyRow>,
    answered: Vec<SurveyRow>,
}

/// `GET /encuestas`.
pub(crate) async fn list_surveys(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[])?;
    let admin = user.has_any(SURVEY_ADMINS);
    let query = ListSurveysQuery {
        page_size: Some(100),
        ..ListSurveysQuery::default()
    };
    let list = ctx
        .call(async |api, token| api.list_surveys(token, &query).await)
        .await?;
    let rows: Vec<SurveyRow> = list
        .items
        .iter()
        .map(|survey| SurveyRow::new(ctx.i18n, survey))
        .collect();
    // The admin reads one table; a respondent the pending surveys first, then those answered.
    let (rows, (answered, pending)): (Vec<SurveyRow>, (Vec<SurveyRow>, Vec<SurveyRow>)) = if admin {
        (rows, (Vec::new(), Vec::new()))
    } else {
        (Vec::new(), rows.into_iter().partition(|row| row.answered))
    };
    let page = SurveysPage {
        l: ctx.layout().await?,
        admin,
        rows,
        pending,
        answered,
    };
    render(&page, StatusCode::OK)
}
