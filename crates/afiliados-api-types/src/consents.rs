//! Consents, certificates and pending policy versions (`api.md` §12, `domain.md` §5.3).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An active policy version the influencer has not accepted yet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingConsent {
    /// `terms|privacy|habeas_data`.
    pub policy_type: String,
    /// The version to accept.
    pub policy_version_id: Uuid,
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
    pub influencer_id: Uuid,
    /// Accepted version.
    pub policy_version_id: Uuid,
    /// `terms|privacy|habeas_data`.
    pub policy_type: String,
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
    pub channel: String,
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
    pub policy_version_ids: Vec<Uuid>,
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
