//! Consents, certificates and pending policy versions (`api.md` §12, `domain.md` §5.3).

use afiliados_domain::ids::{InfluencerId, PolicyVersionId, TenantId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An active policy version the influencer has not accepted yet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingConsent {
    /// `terms|privacy|habeas_data`.
    pub policy_type: afiliados_domain::PolicyType,
    /// The version to accept.
    pub policy_version_id: PolicyVersionId,
    /// `MAJOR.MINOR`.
    pub version: String,
    /// Title.
    pub title: String,
    /// Where the text is.
    pub document_url: String,
}

/// One recorded acceptance.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentResponse {
    /// Id.
    pub id: Uuid,
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Accepted version.
    pub policy_version_id: PolicyVersionId,
    /// `terms|privacy|habeas_data`.
    pub policy_type: afiliados_domain::PolicyType,
    /// `MAJOR.MINOR`.
    pub version: String,
    /// Title.
    pub title: String,
    /// Where the text is.
    pub document_url: String,
    /// Checksum of the accepted text.
    pub checksum: String,
    /// When (microseconds).
    pub accepted_at: DateTime<Utc>,
    /// Client address.
    pub ip_address: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// `web|api|staff`.
    pub channel: afiliados_domain::ConsentChannel,
    /// Server-computed SHA-256 (`domain.md` §5.3.2).
    pub consent_hash: String,
    /// When revoked (ARCO).
    pub revoked_at: Option<DateTime<Utc>>,
    /// The certificate once issued.
    pub certificate_id: Option<Uuid>,
}

/// `{items}` of consents, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentList {
    /// Consents, revoked ones included.
    pub items: Vec<ConsentResponse>,
}

/// `POST /policies/consents`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptConsentsRequest {
    /// Active versions to accept.
    pub policy_version_ids: Vec<PolicyVersionId>,
}

/// `201` of `POST /policies/consents`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptConsentsResponse {
    /// The consents recorded now.
    pub items: Vec<ConsentResponse>,
    /// What is still pending.
    pub pending_consents: Vec<PendingConsent>,
}

/// `200` of `POST /policies/certificates/verify`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyCertificateResponse {
    /// The checksum matches the content.
    pub checksum_valid: bool,
    /// The content equals the stored certificate.
    pub matches_stored_certificate: bool,
    /// The consent hash recomputes from stored data.
    pub consent_hash_valid: bool,
    /// The certificate's id, when it has one.
    pub certificate_id: Option<Uuid>,
}

/// A consent certificate (`domain.md` §5.3.3). Instants are strings with microseconds
/// (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) so the checksum never depends on how a client re-encodes them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentCertificate {
    /// Certificate id (stable across downloads).
    pub certificate_id: Uuid,
    /// When first issued.
    pub issued_at: String,
    /// The data controller.
    pub tenant: CertificateTenant,
    /// The person, as at issue.
    pub influencer: CertificateInfluencer,
    /// The accepted version.
    pub policy: CertificatePolicy,
    /// The acceptance.
    pub consent: CertificateConsent,
    /// How to recompute the consent hash.
    pub verification: CertificateVerification,
    /// Lower-case hex SHA-256 of the RFC 8785 canonical JSON of everything else.
    pub checksum: String,
}

/// `tenant` of a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificateTenant {
    /// Tenant id.
    pub id: TenantId,
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
}

/// `influencer` of a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfluencer {
    /// Influencer id.
    pub id: InfluencerId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `CC|CE|NIT|PP`.
    pub document_type: afiliados_domain::DocumentType,
    /// All but the last three characters masked.
    pub document_number_masked: String,
    /// E-mail.
    pub email: String,
}

/// `policy` of a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificatePolicy {
    /// Version id.
    pub id: PolicyVersionId,
    /// `terms|privacy|habeas_data`.
    #[serde(rename = "type")]
    pub kind: afiliados_domain::PolicyType,
    /// `MAJOR.MINOR`.
    pub version: String,
    /// Title.
    pub title: String,
    /// Where the text is.
    pub document_url: String,
    /// SHA-256 of the text.
    pub checksum: String,
    /// Publication instant.
    pub published_at: String,
}

/// `consent` of a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificateConsent {
    /// Consent id.
    pub id: Uuid,
    /// Acceptance instant (the hash input).
    pub accepted_at: String,
    /// Client address, canonical text.
    pub ip_address: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// `web|api|staff`.
    pub channel: afiliados_domain::ConsentChannel,
    /// Staff member who recorded it.
    pub recorded_by: Option<UserId>,
    /// Stored consent hash.
    pub consent_hash: String,
    /// When revoked (as at issue).
    pub revoked_at: Option<String>,
}

/// `verification` of a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificateVerification {
    /// `SHA-256`.
    pub algorithm: String,
    /// The hash input fields, named.
    pub hash_input: String,
    /// The hash recomputed from stored data at issue.
    pub recomputed_hash: String,
    /// `recomputedHash == consent.consentHash`.
    pub matches: bool,
}
