//! `/audit/*` handlers (admin_dentsu, auditor).

use actix_web::{get, web};
use afiliados_api_types::audit::{AuditActor, AuditEntry, ListAuditLogsQuery};
use afiliados_api_types::users::{AccessReviewItem, AccessReviewResponse};
use afiliados_api_types::{ApiErrorBody, Page};
use afiliados_db::audit::AuditFilter;
use afiliados_domain::Role;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::extract::{CurrentUser, Pagination};
use crate::state::AppState;

/// Registers the handlers.
pub fn routes(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list_audit_logs).service(get_access_review);
}

/// The append-only audit log, newest first.
#[utoipa::path(tag = "audit", params(ListAuditLogsQuery), responses(
    (status = 200, body = Page<AuditEntry>), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/audit/logs")]
async fn list_audit_logs(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListAuditLogsQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    user.require_any(&[Role::AdminDentsu, Role::Auditor])?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut filter = AuditFilter {
        entity_type: query.entity_type.clone(),
        entity_id: query.entity_id.clone(),
        actor_user_id: query.actor_user_id,
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
    let mut conn = state.conn().await?;
    let (rows, total) = afiliados_db::audit::list(
        &mut conn,
        state.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|row| AuditEntry {
            id: row.id,
            occurred_at: row.occurred_at,
            actor: AuditActor {
                actor_type: row.actor_type,
                user_id: row.actor_user_id,
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
        })
        .collect();
    Ok(web::Json(paging.page(items, total)))
}

/// Every user with roles, brands, status, 2FA and last access change, for the semiannual review.
#[utoipa::path(tag = "audit", responses((status = 200, body = AccessReviewResponse), (status = 403, body = ApiErrorBody)), security(("bearer" = [])))]
#[get("/audit/access-review")]
async fn get_access_review(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<web::Json<AccessReviewResponse>> {
    user.require_any(&[Role::AdminDentsu, Role::Auditor])?;
    let mut conn = state.conn().await?;
    let users = afiliados_db::users::all(&mut conn, state.tenant_id).await?;
    let changes = afiliados_db::audit::last_access_changes(&mut conn, state.tenant_id).await?;
    let names: Vec<(uuid::Uuid, String)> = users.iter().map(|u| (u.id, u.full_name())).collect();
    let represented =
        crate::usecases::users::representation::many(&mut conn, users, state.now()).await?;
    let items = represented
        .into_iter()
        .zip(names)
        .map(|(u, (_, name))| {
            let change = changes
                .iter()
                .find(|(entity, _, _)| entity.as_deref() == Some(u.id.to_string().as_str()));
            AccessReviewItem {
                user_id: u.id,
                email: u.email,
                name,
                status: u.status,
                roles: u.roles,
                brands: u.brand_ids,
                two_factor_enabled: u.two_factor_enabled,
                last_login_at: u.last_login_at,
                last_access_change_at: change.map(|(_, at, _)| *at),
                last_access_change_by: change.map(|(_, _, by)| by.clone()),
            }
        })
        .collect();
    let mut tx_conn = conn;
    crate::audit::record(
        &mut tx_conn,
        state.tenant_id,
        &crate::audit::AuditActor::User(&user),
        crate::audit::AuditEvent::new("export.downloaded", "access_review", "all"),
    )
    .await?;
    Ok(web::Json(AccessReviewResponse {
        generated_at: state.now(),
        items,
    }))
}
