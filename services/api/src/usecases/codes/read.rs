//! `GET /codes` and `GET /codes/{id}`: codes in the actor's scope (admin_marca: its brands; an
//! influencer: its own, whatever `influencerId` says).

use afiliados_api_types::Page;
use afiliados_api_types::codes::{DiscountCodeResponse, ListCodesQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::{CodeFilter, CodeSort};
use afiliados_domain::{Actor, FieldCode};
use uuid::Uuid;

use super::representation::{code_response, code_responses};
use super::{STAFF, visible};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The comma list `raw`, every value one of `allowed`.
fn list_of(
    raw: Option<&str>,
    field: &str,
    allowed: &[&str],
    problems: &mut Problems,
) -> Vec<String> {
    let values: Vec<String> = raw
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .collect();
    if values
        .iter()
        .any(|value| !allowed.contains(&value.as_str()))
    {
        problems.push(field, FieldCode::InvalidEnum);
    }
    values
}

fn sort(raw: Option<&str>, problems: &mut Problems) -> CodeSort {
    match raw.unwrap_or("-createdAt") {
        "-createdAt" => CodeSort::CreatedAtDesc,
        "createdAt" => CodeSort::CreatedAt,
        "code" => CodeSort::Code,
        "-code" => CodeSort::CodeDesc,
        "usageCount" => CodeSort::UsageCount,
        "-usageCount" => CodeSort::UsageCountDesc,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            CodeSort::CreatedAtDesc
        }
    }
}

/// One page of the codes in scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListCodesQuery,
) -> Result<Page<DiscountCodeResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let statuses = list_of(
        query.status.as_deref(),
        "status",
        &["pending", "active", "inactive"],
        &mut problems,
    );
    let sync_states = list_of(
        query.sync_state.as_deref(),
        "syncState",
        &["pending", "synced", "failed"],
        &mut problems,
    );
    let sort = sort(query.sort.as_deref(), &mut problems);
    problems.finish()?;
    let scope = resolve(tx, actor, &STAFF, true, true).await?;
    let mut filter = CodeFilter {
        campaign_id: query.campaign_id.map(Into::into),
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        statuses,
        sync_states,
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
        ..Default::default()
    };
    match scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids),
        Scope::Influencer(own) => filter.influencer_id = Some(own),
    }
    let (rows, total) = afiliados_db::discount_codes::list(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = code_responses(tx, rows).await?;
    Ok(paging.page(items, total))
}

/// One code in scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, code.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<DiscountCodeResponse, UseCaseError> {
    let scope = resolve(tx, actor, &STAFF, true, true).await?;
    let code = visible(tx, ctx, &scope, id, false).await?;
    Ok(code_response(tx, ctx.tenant_id, code.id).await?)
}
