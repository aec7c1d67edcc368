//! `PATCH /surveys/{id}` (admin_dentsu): the contents while `draft`; a `status` step
//! `draft → open → closed` (`domain.md` §4.11). Opening notifies every active user holding a
//! targeted role (in-app `survey.opened`). Audited `survey.updated`.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::surveys::{SurveyResponse, UpdateSurveyRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::surveys::{SurveyContents, SurveyRow};
use afiliados_domain::{Actor, FieldCode, SurveyStatus};
use chrono::SubsecRound;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{SURVEY_ADMINS, questions, single_response, stored_questions};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

fn edits_contents(request: &UpdateSurveyRequest) -> bool {
    request.title.is_some()
        || request.questions.is_some()
        || request.target_roles.is_some()
        || request.opens_at.is_some()
        || request.closes_at.is_some()
}

/// The requested status, checked (an unknown one is 422 before anything is read).
fn requested_status(request: &UpdateSurveyRequest) -> Result<Option<SurveyStatus>, UseCaseError> {
    match request.status.as_deref() {
        None => Ok(None),
        Some(raw) => SurveyStatus::parse(raw)
            .map(Some)
            .ok_or_else(|| UseCaseError::invalid("status", FieldCode::InvalidEnum)),
    }
}

/// Edits a draft and/or moves its status.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, survey.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &UpdateSurveyRequest,
) -> Result<SurveyResponse, UseCaseError> {
    actor.require_any(&SURVEY_ADMINS)?;
    let status = requested_status(request)?;
    let mut row = afiliados_db::surveys::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let now = ctx.now().trunc_subsecs(6);
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    if edits_contents(request) {
        if row.status != SurveyStatus::Draft {
            // Respondents may have answered these questions: they are final once open.
            return Err(UseCaseError::conflict_with(
                ErrorCode::InvalidTransition,
                json!({ "from": row.status, "to": "draft" }),
            ));
        }
        let (edited, fields) = edit(tx, &row, request, now).await?;
        for field in fields {
            before.insert(field.to_owned(), snapshot(&row, field));
            after.insert(field.to_owned(), snapshot(&edited, field));
        }
        row = edited;
    }
    if let Some(to) = status {
        let allowed = matches!(
            (row.status, to),
            (SurveyStatus::Draft, SurveyStatus::Open) | (SurveyStatus::Open, SurveyStatus::Closed)
        );
        if !allowed {
            return Err(UseCaseError::conflict_with(
                ErrorCode::InvalidTransition,
                json!({ "from": row.status, "to": to }),
            ));
        }
        if to == SurveyStatus::Open && row.closes_at <= now {
            // Nobody could answer: opening would only send a notice about a finished survey.
            return Err(UseCaseError::invalid("closesAt", FieldCode::DateOrder));
        }
        before.insert("status".into(), json!(row.status));
        after.insert("status".into(), json!(to));
        row = afiliados_db::surveys::set_status(tx, id, to, now).await?;
        if to == SurveyStatus::Open {
            notify_opened(tx, ctx, &row).await?;
        }
    }
    if !after.is_empty() {
        let event = AuditEvent::new("survey.updated", "survey", id)
            .changes(Some(Value::Object(before)), Some(Value::Object(after)));
        audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    }
    single_response(tx, ctx, actor, row).await
}

/// A field's audit value (questions by count: the texts are in the row).
fn snapshot(row: &SurveyRow, field: &str) -> Value {
    match field {
        "title" => json!(row.title),
        "questions" => json!(row.questions.as_array().map_or(0, Vec::len)),
        "targetRoles" => json!(row.target_roles),
        "opensAt" => json!(row.opens_at),
        _ => json!(row.closes_at),
    }
}

/// Applies the given contents over the draft's, checked as a whole.
async fn edit(
    tx: &mut AsyncPgConnection,
    row: &SurveyRow,
    request: &UpdateSurveyRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(SurveyRow, Vec<&'static str>), UseCaseError> {
    let mut problems = Problems::new();
    let title = match &request.title {
        Some(raw) => questions::title(raw, &mut problems),
        None => row.title.clone(),
    };
    let checked = match &request.questions {
        Some(raw) => questions::questions(raw, &mut problems),
        None => stored_questions(row)?,
    };
    let roles = match &request.target_roles {
        Some(raw) => questions::target_roles(raw, &mut problems),
        None => row.target_roles.clone(),
    };
    let opens_at = request
        .opens_at
        .map_or(row.opens_at, |at| at.trunc_subsecs(6));
    let closes_at = request
        .closes_at
        .map_or(row.closes_at, |at| at.trunc_subsecs(6));
    questions::window(opens_at, closes_at, &mut problems);
    problems.finish()?;
    let stored = questions::to_json(&checked);
    let mut fields = Vec::new();
    for (given, field) in [
        (request.title.is_some(), "title"),
        (request.questions.is_some(), "questions"),
        (request.target_roles.is_some(), "targetRoles"),
        (request.opens_at.is_some(), "opensAt"),
        (request.closes_at.is_some(), "closesAt"),
    ] {
        if given {
            fields.push(field);
        }
    }
    let edited = afiliados_db::surveys::update_contents(
        tx,
        row.id,
        &SurveyContents {
            title: &title,
            questions: &stored,
            target_roles: &roles,
            opens_at,
            closes_at,
            updated_at: now,
        },
    )
    .await?;
    Ok((edited, fields))
}

/// In-app `survey.opened` to every active user holding a targeted role.
async fn notify_opened(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &SurveyRow,
) -> Result<(), UseCaseError> {
    let roles: Vec<&str> = row.target_roles.iter().map(String::as_str).collect();
    let recipients = afiliados_db::roles::active_holders(tx, ctx.tenant_id, &roles).await?;
    let notice = json!({ "surveyId": row.id, "title": row.title, "closesAt": row.closes_at });
    for recipient in recipients {
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            recipient,
            "survey.opened",
            "info",
            &notice,
        )
        .await?;
    }
    Ok(())
}
