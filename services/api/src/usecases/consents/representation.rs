//! The Consent representation (`api.md` §1).

use std::collections::HashMap;

use afiliados_api_types::consents::ConsentResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::consents::Consent;
use afiliados_db::policy_versions::PolicyVersion;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// One consent with its version and certificate id.
pub fn consent_response(
    consent: Consent,
    version: &PolicyVersion,
    certificate_id: Option<Uuid>,
) -> ConsentResponse {
    ConsentResponse {
        id: consent.id,
        influencer_id: consent.influencer_id.into(),
        policy_version_id: consent.policy_version_id.into(),
        policy_type: version.policy_type,
        version: version.version.clone(),
        title: version.title.clone(),
        document_url: version.document_url.clone(),
        checksum: version.checksum.clone(),
        accepted_at: consent.accepted_at,
        ip_address: consent.ip.map(|ip| ip.addr().to_string()),
        user_agent: consent.user_agent,
        channel: consent.channel,
        consent_hash: consent.consent_hash,
        revoked_at: consent.revoked_at,
        certificate_id,
    }
}

/// Consents with their versions, looking up issued certificates in one query.
pub async fn consent_responses(
    conn: &mut AsyncPgConnection,
    rows: Vec<(Consent, PolicyVersion)>,
) -> Result<Vec<ConsentResponse>, UseCaseError> {
    let ids: Vec<Uuid> = rows.iter().map(|(consent, _)| consent.id).collect();
    let certificates: HashMap<Uuid, Uuid> =
        afiliados_db::consent_certificates::ids_for_consents(conn, &ids)
            .await?
            .into_iter()
            .collect();
    Ok(rows
        .into_iter()
        .map(|(consent, version)| {
            let certificate = certificates.get(&consent.id).copied();
            consent_response(consent, &version, certificate)
        })
        .collect())
}
