//! `GET /influencers`: filters parsed into the query (unknown statuses and sorts are 422), the
//! admin_marca scope applied, and the page's summaries with their counts.

use afiliados_api_types::Page;
use afiliados_api_types::influencers::{InfluencerSummary, ListInfluencersQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::search::{InfluencerFilter, SortField};
use afiliados_domain::FieldCode;
use afiliados_domain::{Actor, InfluencerStatus, Role};
use chrono::{DateTime, NaiveDate, Utc};

use super::representation;
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// A range bound: an RFC 3339 instant, or a business date meaning its start in Bogota.
fn instant(field: &str, raw: Option<&str>, problems: &mut Problems) -> Option<DateTime<Utc>> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(date) => Some(afiliados_domain::business_day_start(date)),
        Err(_) => {
            problems.push(field, FieldCode::InvalidFormat);
            None
        }
    }
}

/// The filter of a query, scoped to the caller (admin_marca sees its brands only).
pub fn filter(
    query: &ListInfluencersQuery,
    actor: &Actor,
) -> Result<InfluencerFilter, UseCaseError> {
    let mut problems = Problems::new();
    let mut statuses = Vec::new();
    for raw in query.status.as_deref().unwrap_or_default().split(',') {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        match InfluencerStatus::parse(raw) {
            Some(status) => statuses.push(status.as_str().to_owned()),
            None => {
                problems.push("status", FieldCode::InvalidEnum);
                break;
            }
        }
    }
    let sort = query.sort.as_deref().unwrap_or("-createdAt").trim();
    let (descending, name) = match sort.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, sort),
    };
    let sort = match name {
        "createdAt" => SortField::CreatedAt,
        "lastName" => SortField::LastName,
        "status" => SortField::Status,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            SortField::CreatedAt
        }
    };
    let created_from = instant("createdFrom", query.created_from.as_deref(), &mut problems);
    let created_to = instant("createdTo", query.created_to.as_deref(), &mut problems);
    problems.finish()?;
    let staff = actor.has_any(&[Role::AdminDentsu, Role::GestorAfiliados]);
    Ok(InfluencerFilter {
        statuses,
        campaign_id: query.campaign_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        brand_scope: (!staff).then(|| actor.brand_ids.clone()),
        q: query.q.clone(),
        q_documents: staff,
        pending_consents: query.pending_consents,
        created_from,
        created_to,
        sort,
        descending,
    })
}

/// `GET /influencers`: one page of summaries in the actor's scope (staff: every influencer;
/// admin_marca: members of its brands' campaigns).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListInfluencersQuery,
) -> Result<Page<InfluencerSummary>, UseCaseError> {
    actor.require_any(&[Role::AdminDentsu, Role::GestorAfiliados, Role::AdminMarca])?;
    let pagination = Pagination::new(query.page, query.page_size)?;
    let filter = &filter(query, actor)?;
    let (rows, total) = afiliados_db::influencers::search::list(
        conn,
        ctx.tenant_id,
        filter,
        pagination.offset(),
        pagination.limit(),
    )
    .await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let memberships = afiliados_db::influencers::search::membership_counts(
        conn,
        &ids,
        filter.brand_scope.as_deref(),
    )
    .await?;
    let pending =
        afiliados_db::influencers::search::pending_consent_counts(conn, ctx.tenant_id, &ids)
            .await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let m = memberships.get(&row.id).copied().unwrap_or(0);
            let p = pending.get(&row.id).copied().unwrap_or(0);
            representation::summary(row, m, p)
        })
        .collect();
    Ok(pagination.page(items, total))
}
