//! The JSON certificate of a consent (`domain.md` §5.3.3): built once from the stored consent,
//! version, influencer and tenant, then stored without its checksum and served unchanged.

use afiliados_api_types::consents::{
    CertificateConsent, CertificateInfluencer, CertificatePolicy, CertificateTenant,
    CertificateVerification, ConsentCertificate,
};
use afiliados_db::consents::Consent;
use afiliados_db::influencers::Influencer;
use afiliados_db::policy_versions::PolicyVersion;
use afiliados_db::tenants::Tenant;
use afiliados_domain::consent::{
    CERTIFICATE_ALGORITHM, CERTIFICATE_HASH_INPUT, consent_hash, format_accepted_at,
};
use afiliados_domain::document::mask_keep_last;
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// Characters of the document number left visible in a certificate.
const DOCUMENT_VISIBLE_CHARS: usize = 3;

/// What a certificate is made of.
#[derive(Debug, Clone, Copy)]
pub struct CertificateFacts<'a> {
    /// The new certificate's id.
    pub certificate_id: Uuid,
    /// Issue instant (microseconds).
    pub issued_at: DateTime<Utc>,
    /// Data controller.
    pub tenant: &'a Tenant,
    /// Data subject as it is now.
    pub influencer: &'a Influencer,
    /// Accepted version.
    pub version: &'a PolicyVersion,
    /// The consent.
    pub consent: &'a Consent,
}

/// The consent hash recomputed from stored data (§5.3.2).
pub fn recompute_consent_hash(consent: &Consent, version: &PolicyVersion) -> String {
    consent_hash(
        &version.checksum,
        consent.influencer_id,
        consent.accepted_at,
        consent.ip.map(|ip| ip.addr()),
        consent.user_agent.as_deref(),
    )
}

/// The certificate with its checksum, and the payload to store (the same without `checksum`).
pub fn build(facts: CertificateFacts<'_>) -> Result<(ConsentCertificate, Value), UseCaseError> {
    let CertificateFacts {
        consent,
        version,
        influencer,
        ..
    } = facts;
    let recomputed = recompute_consent_hash(consent, version);
    let mut certificate = ConsentCertificate {
        certificate_id: facts.certificate_id,
        issued_at: format_accepted_at(facts.issued_at),
        tenant: CertificateTenant {
            id: facts.tenant.id.into(),
            slug: facts.tenant.slug.clone(),
            name: facts.tenant.name.clone(),
        },
        influencer: CertificateInfluencer {
            id: influencer.id.into(),
            first_name: influencer.first_name.clone(),
            last_name: influencer.last_name.clone(),
            document_type: influencer.document_type,
            document_number_masked: mask_keep_last(
                &influencer.document_number,
                DOCUMENT_VISIBLE_CHARS,
            ),
            email: influencer.email.clone(),
        },
        policy: CertificatePolicy {
            id: version.id.into(),
            kind: version.policy_type,
            version: version.version.clone(),
            title: version.title.clone(),
            document_url: version.document_url.clone(),
            checksum: version.checksum.clone(),
            published_at: format_accepted_at(version.published_at),
        },
        consent: CertificateConsent {
            id: consent.id,
            accepted_at: format_accepted_at(consent.accepted_at),
            ip_address: consent.ip.map(|ip| ip.addr().to_string()),
            user_agent: consent.user_agent.clone(),
            channel: consent.channel,
            recorded_by: consent.recorded_by.map(Into::into),
            consent_hash: consent.consent_hash.clone(),
            revoked_at: consent.revoked_at.map(format_accepted_at),
        },
        verification: CertificateVerification {
            algorithm: CERTIFICATE_ALGORITHM.into(),
            hash_input: CERTIFICATE_HASH_INPUT.into(),
            matches: recomputed == consent.consent_hash,
            recomputed_hash: recomputed,
        },
        checksum: String::new(),
    };
    let mut payload = serde_json::to_value(&certificate).map_err(anyhow::Error::from)?;
    if let Value::Object(members) = &mut payload {
        members.remove("checksum");
    }
    certificate.checksum = checksum_of(&payload)?;
    Ok((certificate, payload))
}

/// The checksum of a certificate payload (its `checksum` member, if any, is ignored).
pub fn checksum_of(payload: &Value) -> Result<String, UseCaseError> {
    afiliados_domain::certificate_checksum(payload)
        .ok_or_else(|| UseCaseError::internal("certificate holds a non-finite number"))
}

/// The served certificate: the stored payload plus its checksum.
pub fn with_checksum(payload: &Value, checksum: &str) -> Value {
    let mut body = payload.clone();
    if let Value::Object(members) = &mut body {
        members.insert("checksum".into(), Value::String(checksum.to_owned()));
    }
    body
}
