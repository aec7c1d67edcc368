//! Reading campaigns: `GET /campaigns`, `GET /campaigns/{id}`, the members of a campaign and its
//! status history. admin_marca sees its brands' campaigns; an influencer those it is a member of,
//! in a reduced view; rows outside the scope are "not found".

use afiliados_api_types::Page;
use afiliados_api_types::campaigns::{
    CampaignResponse, CampaignStatusChange, CampaignStatusHistory, ListCampaignsQuery,
    ListMembershipsQuery, MembershipResponse,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaign_influencers::MembershipFilter;
use afiliados_db::campaigns::{CampaignFilter, CampaignSort};
use afiliados_domain::{Actor, CampaignStatus, FieldCode};
use uuid::Uuid;

use super::representation::{View, many, one};
use super::{READERS, WRITERS, visible};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::memberships::representation::membership_responses;
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

fn statuses(raw: Option<&str>) -> Result<Vec<String>, UseCaseError> {
    let mut out = Vec::new();
    for value in raw.unwrap_or_default().split(',').map(str::trim) {
        if value.is_empty() {
            continue;
        }
        CampaignStatus::parse(value)
            .ok_or_else(|| UseCaseError::invalid("status", FieldCode::InvalidEnum))?;
        out.push(value.to_owned());
    }
    Ok(out)
}

fn sort(raw: Option<&str>) -> Result<CampaignSort, UseCaseError> {
    Ok(match raw.unwrap_or("-startDate") {
        "startDate" => CampaignSort::StartDate,
        "-startDate" => CampaignSort::StartDateDesc,
        "name" => CampaignSort::Name,
        "-name" => CampaignSort::NameDesc,
        _ => return Err(UseCaseError::invalid("sort", FieldCode::InvalidEnum)),
    })
}

fn view_of(scope: &Scope) -> View {
    match scope {
        Scope::Influencer(own) => View::Influencer(*own),
        _ => View::Staff,
    }
}

/// One page of the campaigns in the actor's scope matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListCampaignsQuery,
) -> Result<Page<CampaignResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    let statuses = statuses(query.status.as_deref())?;
    let sort = sort(query.sort.as_deref())?;
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let mut filter = CampaignFilter {
        brand_id: query.brand_id.map(Into::into),
        statuses,
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
        active_on: query.active_on,
        ..Default::default()
    };
    match &scope {
        Scope::All => {}
        Scope::Brands(ids) => filter.brand_ids = Some(ids.clone()),
        Scope::Influencer(own) => {
            filter.ids = Some(afiliados_db::campaign_influencers::campaigns_of(tx, *own).await?);
        }
    }
    let (rows, total) = afiliados_db::campaigns::list(
        tx,
        ctx.tenant_id,
        &filter,
        sort,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = many(tx, rows, view_of(&scope)).await?;
    Ok(paging.page(items, total))
}

/// One campaign in the actor's scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, campaign.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<CampaignResponse, UseCaseError> {
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let campaign = visible(tx, ctx.tenant_id, &scope, id, false).await?;
    Ok(one(tx, campaign, view_of(&scope)).await?)
}

/// One page of a campaign's members (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, campaign.id = %id))]
pub async fn members(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    query: &ListMembershipsQuery,
) -> Result<Page<MembershipResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && status != "active"
        && status != "inactive"
    {
        return Err(UseCaseError::invalid("status", FieldCode::InvalidEnum));
    }
    let scope = resolve(tx, actor, &WRITERS, true, false).await?;
    let campaign = visible(tx, ctx.tenant_id, &scope, id, false).await?;
    let filter = MembershipFilter {
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) = afiliados_db::campaign_influencers::list_for_campaign(
        tx,
        campaign.id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = membership_responses(tx, &campaign, rows).await?;
    Ok(paging.page(items, total))
}

/// A campaign's transitions, oldest first (staff, or admin_marca for its brands).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, campaign.id = %id))]
pub async fn status_history(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<CampaignStatusHistory, UseCaseError> {
    let scope = resolve(tx, actor, &WRITERS, true, false).await?;
    let campaign = visible(tx, ctx.tenant_id, &scope, id, false).await?;
    let rows = afiliados_db::campaigns::status_history(tx, ctx.tenant_id, campaign.id).await?;
    // `status_history` has no CHECK list (every entity shares it): a spelling that is not a
    // campaign status is a broken row (500).
    let status = |id: Uuid, value: &str| {
        CampaignStatus::parse(value).ok_or_else(|| {
            UseCaseError::internal(format!(
                "status history {id}: `{value}` is not a campaign status"
            ))
        })
    };
    let items = rows
        .into_iter()
        .map(|(id, from_status, to_status, reason, actor, occurred_at)| {
            Ok(CampaignStatusChange {
                id,
                from_status: from_status.as_deref().map(|s| status(id, s)).transpose()?,
                to_status: status(id, &to_status)?,
                reason,
                actor,
                occurred_at,
            })
        })
        .collect::<Result<_, UseCaseError>>()?;
    Ok(CampaignStatusHistory { items })
}
