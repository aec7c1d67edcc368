//! `POST /policies/consents`: an influencer accepts active policy versions (re-acceptance after a
//! publication). Every id must be the active version of its type; accepted ones are skipped.

use afiliados_api_types::FieldError;
use afiliados_api_types::consents::{AcceptConsentsRequest, AcceptConsentsResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::policy_versions::PolicyVersion;
use uuid::Uuid;

use super::representation::consent_response;
use super::{ConsentOrigin, pending_consents, record};
use crate::audit::AuditActor;
use crate::error::{ApiError, field_message};
use crate::extract::CurrentUser;

/// Records the acceptances inside the caller's transaction.
pub async fn accept(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user: &CurrentUser,
    influencer: &Influencer,
    request: &AcceptConsentsRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AcceptConsentsResponse, ApiError> {
    if request.policy_version_ids.is_empty() {
        return Err(ApiError::field("policyVersionIds", "required"));
    }
    let active = afiliados_db::policy_versions::active(tx, tenant_id).await?;
    let mut errors = Vec::new();
    let mut versions: Vec<PolicyVersion> = Vec::new();
    for (index, id) in request.policy_version_ids.iter().enumerate() {
        match active.iter().find(|version| version.id == *id) {
            // A repeated id is accepted once.
            Some(_) if versions.iter().any(|v| v.id == *id) => {}
            Some(version) => versions.push(version.clone()),
            None => errors.push(FieldError {
                field: format!("policyVersionIds[{index}]"),
                code: "policy_version_not_active".into(),
                message: field_message("policy_version_not_active"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let origin = ConsentOrigin::from_request("web", None);
    let recorded = record(
        tx,
        tenant_id,
        influencer.id,
        &versions,
        &origin,
        &AuditActor::User(user),
        now,
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
        pending_consents: pending_consents(tx, tenant_id, influencer.id).await?,
    })
}
