//! `POST /surveys` (admin_dentsu): a checked draft, audited `survey.created`.

use afiliados_api_types::surveys::{CreateSurveyRequest, SurveyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::surveys::NewSurvey;
use afiliados_domain::Actor;
use chrono::SubsecRound;
use serde_json::json;

use super::{SURVEY_ADMINS, questions, single_response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Stores a draft survey.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, survey.id = tracing::field::Empty))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateSurveyRequest,
) -> Result<SurveyResponse, UseCaseError> {
    actor.require_any(&SURVEY_ADMINS)?;
    let mut problems = Problems::new();
    let title = questions::title(&request.title, &mut problems);
    let checked = questions::questions(&request.questions, &mut problems);
    let roles = questions::target_roles(&request.target_roles, &mut problems);
    questions::window(request.opens_at, request.closes_at, &mut problems);
    problems.finish()?;
    let stored = questions::to_json(&checked);
    let now = ctx.now().trunc_subsecs(6);
    let row = afiliados_db::surveys::insert(
        tx,
        &NewSurvey {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            title: &title,
            questions: &stored,
            target_roles: &roles,
            opens_at: request.opens_at.trunc_subsecs(6),
            closes_at: request.closes_at.trunc_subsecs(6),
            created_by: actor.user_id,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    tracing::Span::current().record("survey.id", tracing::field::display(row.id));
    let event = AuditEvent::new("survey.created", "survey", row.id).changes(
        None,
        Some(json!({
            "title": row.title, "questions": checked.len(), "targetRoles": roles,
            "opensAt": row.opens_at, "closesAt": row.closes_at,
        })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    single_response(tx, ctx, actor, row).await
}
