//! `GET /arco/requests` and `GET /arco/requests/{id}`: requests ordered by due date; an influencer
//! sees only its own (its `influencerId` filter is replaced by its own id, `domain.md` §2.3).

use afiliados_api_types::Page;
use afiliados_api_types::arco::{ArcoRequestResponse, ListArcoRequestsQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::ArcoFilter;
use afiliados_domain::{Actor, ArcoStatus, ArcoType, FieldCode};
use uuid::Uuid;

use super::{readable, reader_scope, responses, single_response};
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// A comma list whose every item `valid` accepts; 422 `invalid_enum` at `field` otherwise.
fn enum_list(
    raw: Option<&str>,
    field: &str,
    valid: fn(&str) -> bool,
) -> Result<Vec<String>, UseCaseError> {
    let items: Vec<String> = raw
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect();
    if items.iter().all(|item| valid(item)) {
        Ok(items)
    } else {
        Err(UseCaseError::invalid(field, FieldCode::InvalidEnum))
    }
}

/// One page of the requests the actor may read matching the query (`overdue` against the
/// injected now). The query is checked before the role, as it always was.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListArcoRequestsQuery,
) -> Result<Page<ArcoRequestResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let statuses = enum_list(query.status.as_deref(), "status", |s| {
        ArcoStatus::parse(s).is_some()
    })?;
    let kinds = enum_list(query.kind.as_deref(), "type", |s| {
        ArcoType::parse(s).is_some()
    })?;
    let influencer_id = reader_scope(tx, actor)
        .await?
        .or(query.influencer_id.map(Into::into));
    let filter = ArcoFilter {
        statuses,
        kinds,
        influencer_id,
        overdue: query.overdue,
    };
    let (rows, total) = afiliados_db::arco_requests::list(
        tx,
        ctx.tenant_id,
        &filter,
        ctx.now(),
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = responses(tx, rows).await?;
    Ok(paging.page(items, total))
}

/// One request the actor may read; 404 when unknown or another influencer's.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, arco_request.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<ArcoRequestResponse, UseCaseError> {
    let row = readable(tx, ctx, actor, id).await?;
    single_response(tx, row).await
}
