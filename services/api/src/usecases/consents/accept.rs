//! `POST /policies/consents`: an influencer accepts active policy versions (re-acceptance after a
//! publication). Every id must be the active version of its type; accepted ones are skipped.

use afiliados_api_types::consents::{AcceptConsentsRequest, AcceptConsentsResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::policy_versions::PolicyVersion;
use afiliados_domain::{Actor, FieldCode, Role};

use super::representation::consent_response;
use super::scope::own_influencer;
use super::{ConsentOrigin, pending_consents, record};
use crate::audit::AuditActor;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Records the actor's (an influencer's) acceptances; 404 when it has no influencer record.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = tracing::field::Empty))]
pub async fn accept(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &AcceptConsentsRequest,
) -> Result<AcceptConsentsResponse, UseCaseError> {
    actor.require_any(&[Role::Influencer])?;
    let influencer = own_influencer(tx, actor)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    tracing::Span::current().record("influencer.id", tracing::field::display(influencer.id));
    if request.policy_version_ids.is_empty() {
        return Err(UseCaseError::invalid(
            "policyVersionIds",
            FieldCode::Required,
        ));
    }
    let active = afiliados_db::policy_versions::active(tx, ctx.tenant_id).await?;
    let mut problems = Problems::new();
    let mut versions: Vec<PolicyVersion> = Vec::new();
    for (index, id) in request.policy_version_ids.iter().enumerate() {
        match active.iter().find(|version| *id == version.id) {
            // A repeated id is accepted once.
            Some(_) if versions.iter().any(|v| *id == v.id) => {}
            Some(version) => versions.push(version.clone()),
            None => problems.push(
                format!("policyVersionIds[{index}]"),
                FieldCode::PolicyVersionNotActive,
            ),
        }
    }
    problems.finish()?;
    let origin = ConsentOrigin::from_request("web", None);
    let recorded = record(
        tx,
        ctx.tenant_id,
        influencer.id,
        &versions,
        &origin,
        &AuditActor::User(actor),
        ctx.now(),
    )
    .await?;
    let items = recorded
        .into_iter()
        .filter_map(|consent| {
            let version = versions
                .iter()
                .find(|v| v.id == consent.policy_version_id)?;
            Some(consent_response(consent, version, None))
        })
        .collect();
    Ok(AcceptConsentsResponse {
        items,
        pending_consents: pending_consents(tx, ctx.tenant_id, influencer.id).await?,
    })
}
