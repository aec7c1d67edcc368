//! Reading policy versions: the active ones for anybody (registration shows them), one version's
//! exact text, and every published version for staff with its live acceptance count.

use std::collections::HashMap;

use afiliados_api_types::Page;
use afiliados_api_types::policies::{ListPolicyVersionsQuery, PolicyVersionResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::policy_versions::PolicyVersion;
use afiliados_domain::{Actor, FieldCode, Role};

use super::{POLICY_TYPES, response};
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that list every published version.
const VERSION_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];

/// The policy type as the path spells it (case-sensitive); 422 `invalid_enum` otherwise.
fn known_type(raw: &str) -> Result<&'static str, UseCaseError> {
    POLICY_TYPES
        .into_iter()
        .find(|t| *t == raw)
        .ok_or_else(|| UseCaseError::invalid("policyType", FieldCode::InvalidEnum))
}

/// `GET /public/policies`: the active version of each type (no sign-in).
#[tracing::instrument(skip_all)]
pub async fn active(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
) -> Result<Vec<PolicyVersionResponse>, UseCaseError> {
    let rows = afiliados_db::policy_versions::active(tx, ctx.tenant_id).await?;
    Ok(rows.into_iter().map(response).collect())
}

/// `GET /public/policies/{type}`: the active version of one type; 404 when none is published.
#[tracing::instrument(skip_all)]
pub async fn active_of(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    policy_type: &str,
) -> Result<PolicyVersionResponse, UseCaseError> {
    let kind = known_type(policy_type)?;
    let rows = afiliados_db::policy_versions::active(tx, ctx.tenant_id).await?;
    rows.into_iter()
        .find(|r| r.policy_type.as_str() == kind)
        .map(response)
        .ok_or(UseCaseError::NotFound)
}

/// `GET /public/policies/{type}/versions/{version}/document`: the version whose text is served
/// (the text's SHA-256 is its checksum); 404 when unknown.
#[tracing::instrument(skip_all)]
pub async fn document(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    policy_type: &str,
    version: &str,
) -> Result<PolicyVersion, UseCaseError> {
    let kind = known_type(policy_type)?;
    afiliados_db::policy_versions::find_version(tx, ctx.tenant_id, kind, version)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// `GET /policies/versions`: every published version, newest first, with how many live consents
/// each has (admin_dentsu, gestor, auditor).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn versions(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListPolicyVersionsQuery,
) -> Result<Page<PolicyVersionResponse>, UseCaseError> {
    actor.require_any(&VERSION_READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let kind = query.policy_type.as_deref().map(known_type).transpose()?;
    let (rows, total) = afiliados_db::policy_versions::list(
        tx,
        ctx.tenant_id,
        kind,
        query.is_active,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let ids: Vec<_> = rows.iter().map(|row| row.id).collect();
    let counts: HashMap<_, _> = afiliados_db::consents::live_counts(tx, &ids)
        .await?
        .into_iter()
        .collect();
    let items = rows
        .into_iter()
        .map(|row| {
            let accepted = counts.get(&row.id).copied().unwrap_or(0);
            PolicyVersionResponse {
                accepted_count: Some(accepted),
                ..response(row)
            }
        })
        .collect();
    Ok(paging.page(items, total))
}
