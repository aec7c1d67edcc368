//! Surveys (`api.md` §18, `domain.md` §3.10, §4.11; ADR 0060): admin_dentsu writes a draft,
//! opens it (the targeted roles are notified in-app) and closes it; the targeted roles answer
//! once while it is open and inside its window; results are exported by role, never by person.

pub mod create;
pub mod questions;
pub mod read;
pub mod respond;
pub mod results;
pub mod update;

use afiliados_api_types::surveys::{SurveyQuestion, SurveyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::surveys::SurveyRow;
use afiliados_domain::{Actor, Role, SurveyStatus};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Who writes, opens, closes and exports surveys.
pub const SURVEY_ADMINS: [Role; 1] = [Role::AdminDentsu];

/// The stored questions (written by this api, so a row that does not read back is a bug).
pub fn stored_questions(row: &SurveyRow) -> Result<Vec<SurveyQuestion>, UseCaseError> {
    serde_json::from_value(row.questions.clone())
        .map_err(|error| UseCaseError::internal(format!("survey {} questions: {error}", row.id)))
}

/// Open, and `now` inside `[opensAt, closesAt)`.
pub fn accepting(row: &SurveyRow, now: DateTime<Utc>) -> bool {
    row.status == SurveyStatus::Open && row.opens_at <= now && now < row.closes_at
}

/// Whether one of the actor's roles is asked.
pub fn targets(row: &SurveyRow, actor: &Actor) -> bool {
    actor.roles.iter().any(|role| {
        row.target_roles
            .iter()
            .any(|target| target == role.as_str())
    })
}

/// What the actor may read: admins everything; others a survey that targets them and
/// accepts responses now.
pub fn visible(row: &SurveyRow, actor: &Actor, now: DateTime<Utc>) -> bool {
    actor.has_any(&SURVEY_ADMINS) || (targets(row, actor) && accepting(row, now))
}

fn representation(
    row: SurveyRow,
    now: DateTime<Utc>,
    answered: bool,
    responses_count: Option<i64>,
) -> Result<SurveyResponse, UseCaseError> {
    let questions = stored_questions(&row)?;
    let accepting_responses = accepting(&row, now);
    let target_roles = row
        .target_roles
        .iter()
        .filter_map(|role| Role::parse(role))
        .collect();
    Ok(SurveyResponse {
        id: row.id.into(),
        title: row.title,
        questions,
        target_roles,
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        status: row.status,
        created_by: row.created_by.into(),
        created_at: row.created_at,
        opened_at: row.opened_at,
        closed_at: row.closed_at,
        answered,
        accepting_responses,
        responses_count,
    })
}

/// Representations of several surveys for the actor: `answered` for the actor, and the
/// response counts for admins (one query each).
pub async fn responses(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    rows: Vec<SurveyRow>,
) -> Result<Vec<SurveyResponse>, UseCaseError> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let answered = afiliados_db::surveys::answered_by(conn, actor.user_id, &ids).await?;
    let counts = if actor.has_any(&SURVEY_ADMINS) {
        Some(afiliados_db::surveys::response_counts(conn, &ids).await?)
    } else {
        None
    };
    let now = ctx.now();
    rows.into_iter()
        .map(|row| {
            let count = counts.as_ref().map(|counts| {
                counts
                    .iter()
                    .find(|(id, _)| *id == row.id)
                    .map_or(0, |(_, n)| *n)
            });
            let done = answered.contains(&row.id);
            representation(row, now, done, count)
        })
        .collect()
}

/// One survey's representation for the actor.
pub async fn single_response(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    row: SurveyRow,
) -> Result<SurveyResponse, UseCaseError> {
    responses(conn, ctx, actor, vec![row])
        .await?
        .pop()
        .ok_or(UseCaseError::NotFound)
}
