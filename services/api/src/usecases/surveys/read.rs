//! `GET /surveys` and `GET /surveys/{id}`: admins read every survey; anyone else the open
//! surveys that target one of their roles and accept responses now, with `answered`.

use afiliados_api_types::Page;
use afiliados_api_types::surveys::{ListSurveysQuery, SurveyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::surveys::SurveyAudience;
use afiliados_domain::{Actor, FieldCode, SurveyStatus};
use uuid::Uuid;

use super::{SURVEY_ADMINS, responses, single_response, visible};
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One page of the surveys the actor may read, newest window first.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListSurveysQuery,
) -> Result<Page<SurveyResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            SurveyStatus::parse(raw)
                .ok_or_else(|| UseCaseError::invalid("status", FieldCode::InvalidEnum))?
                .as_str()
                .to_owned(),
        ),
    };
    let audience = if actor.has_any(&SURVEY_ADMINS) {
        SurveyAudience::All { status }
    } else {
        SurveyAudience::Respondent {
            user_id: actor.user_id,
            roles: actor.role_names(),
            now: ctx.now(),
            answered: query.answered,
        }
    };
    let (rows, total) = afiliados_db::surveys::list(
        tx,
        ctx.tenant_id,
        &audience,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = responses(tx, ctx, actor, rows).await?;
    Ok(paging.page(items, total))
}

/// One survey the actor may read; 404 otherwise.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, survey.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<SurveyResponse, UseCaseError> {
    let row = afiliados_db::surveys::find(tx, ctx.tenant_id, id)
        .await?
        .filter(|row| visible(row, actor, ctx.now()))
        .ok_or(UseCaseError::NotFound)?;
    single_response(tx, ctx, actor, row).await
}
