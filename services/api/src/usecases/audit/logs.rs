//! `GET /audit/logs`: the append-only audit log, newest first, filtered. `action` takes a comma
//! list; an entry ending in `*` is a prefix (`auth.*`).

use afiliados_api_types::Page;
use afiliados_api_types::audit::{AuditActor, AuditEntry, ListAuditLogsQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::audit::AuditFilter;
use afiliados_domain::Actor;

use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One page of the tenant's audit entries matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListAuditLogsQuery,
) -> Result<Page<AuditEntry>, UseCaseError> {
    actor.require_any(&super::READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut filter = AuditFilter {
        entity_type: query.entity_type.clone(),
        entity_id: query.entity_id.clone(),
        actor_user_id: query.actor_user_id.map(Into::into),
        actor_type: query.actor_type.clone(),
        from: query.from,
        to: query.to,
        q: query.q.clone(),
        ..AuditFilter::default()
    };
    for action in query
        .action
        .iter()
        .flat_map(|a| a.split(','))
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        match action.strip_suffix('*') {
            Some(prefix) => filter.action_prefixes.push(prefix.to_owned()),
            None => filter.actions.push(action.to_owned()),
        }
    }
    let (rows, total) =
        afiliados_db::audit::list(tx, ctx.tenant_id, &filter, paging.offset(), paging.limit())
            .await?;
    let items = rows.into_iter().map(entry).collect();
    Ok(paging.page(items, total))
}

/// One stored row as the api shows it (also the admin dashboard's audit trail).
pub fn entry(row: afiliados_db::audit::AuditRow) -> AuditEntry {
    AuditEntry {
        id: row.id,
        occurred_at: row.occurred_at,
        actor: AuditActor {
            actor_type: row.actor_type,
            user_id: row.actor_user_id.map(Into::into),
            label: row.actor_label,
            roles: row.actor_roles,
        },
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        before: row.before,
        after: row.after,
        ip: row.ip.map(|ip| ip.addr().to_string()),
        user_agent: row.user_agent,
        request_id: row.request_id,
    }
}
