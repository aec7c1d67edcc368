//! `GET /commissions/audit` (AD, FI, AU): the commission transitions of the tenant, newest first.

use afiliados_api_types::Page;
use afiliados_api_types::commissions::{CommissionAuditQuery, TransitionResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commission_transitions::TransitionFilter;
use afiliados_domain::commission::{CommissionState, TransitionKind};
use afiliados_domain::{Actor, Role};

use super::representation::transition_response;
use crate::usecases::list_query::{enum_list, instant};
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Who reads the commission audit trail.
pub const AUDIT_READERS: [Role; 3] = [Role::AdminDentsu, Role::Finance, Role::Auditor];

/// One page of transitions matching the query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &CommissionAuditQuery,
) -> Result<Page<TransitionResponse>, UseCaseError> {
    actor.require_any(&AUDIT_READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let mut problems = Problems::new();
    let kinds = enum_list(
        query.kind.as_deref(),
        "kind",
        TransitionKind::parse,
        &mut problems,
    );
    let to_states = enum_list(
        query.to_state.as_deref(),
        "toState",
        CommissionState::parse,
        &mut problems,
    );
    let filter = TransitionFilter {
        commission_id: query.commission_id,
        influencer_id: query.influencer_id.map(Into::into),
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        to_states: to_states.iter().map(|s| s.as_str().to_owned()).collect(),
        from: instant("from", query.from.as_deref(), &mut problems),
        to: instant("to", query.to.as_deref(), &mut problems),
    };
    problems.finish()?;
    let (rows, total) = afiliados_db::commission_transitions::list(
        tx,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(transition_response)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(paging.page(items, total))
}
