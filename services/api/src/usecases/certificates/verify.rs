//! `POST /policies/certificates/verify`: is a certificate intact (its checksum recomputes), is it
//! the one stored under its id, and does the consent hash recompute from stored data.

use afiliados_api_types::consents::VerifyCertificateResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, canonical_json};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::certificates::json::{recompute_consent_hash, with_checksum};
use crate::usecases::consents::scope::CONSENT_READERS;
use crate::usecases::{UseCaseContext, UseCaseError};

fn uuid_at(value: &Value, pointer: &str) -> Option<Uuid> {
    value.pointer(pointer)?.as_str()?.parse().ok()
}

/// Checks `body` and audits the verification (admin_dentsu, gestor, auditor); never fails on a
/// malformed certificate (every answer is then `false`).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn verify(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    body: &Value,
) -> Result<VerifyCertificateResponse, UseCaseError> {
    actor.require_any(&CONSENT_READERS)?;
    let claimed = body.get("checksum").and_then(Value::as_str);
    let checksum_valid = match (claimed, afiliados_domain::certificate_checksum(body)) {
        (Some(claimed), Some(computed)) => claimed == computed,
        _ => false,
    };
    let certificate_id = uuid_at(body, "/certificateId");
    let stored = match certificate_id {
        Some(id) => afiliados_db::consent_certificates::find(tx, ctx.tenant_id, id).await?,
        None => None,
    };
    let matches_stored_certificate = stored.as_ref().is_some_and(|row| {
        let served = with_checksum(&row.payload, &row.checksum);
        canonical_json(&served).is_some() && canonical_json(&served) == canonical_json(body)
    });
    let consent_id = stored
        .as_ref()
        .map(|row| row.consent_id)
        .or_else(|| uuid_at(body, "/consent/id"));
    let consent = match consent_id {
        Some(id) => afiliados_db::consents::find(tx, ctx.tenant_id, id).await?,
        None => None,
    };
    let claimed_hash = body.pointer("/consent/consentHash").and_then(Value::as_str);
    let consent_hash_valid = consent.as_ref().is_some_and(|(consent, version)| {
        recompute_consent_hash(consent, version) == consent.consent_hash
            && claimed_hash == Some(consent.consent_hash.as_str())
    });
    let result = VerifyCertificateResponse {
        checksum_valid,
        matches_stored_certificate,
        consent_hash_valid,
        certificate_id,
    };
    let event = AuditEvent {
        action: "certificate.verified",
        entity_type: "consent_certificate",
        entity_id: stored.as_ref().map(|row| row.id.to_string()),
        before: None,
        after: Some(json!({
            "certificateId": certificate_id,
            "checksumValid": checksum_valid,
            "matchesStoredCertificate": matches_stored_certificate,
            "consentHashValid": consent_hash_valid,
        })),
    };
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(result)
}
