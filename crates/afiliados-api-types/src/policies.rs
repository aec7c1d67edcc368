//! Legal policy versions (api.md §3 public policies, §12).

use afiliados_domain::ids::PolicyVersionId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A published policy version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersionResponse {
    /// Id (what consents reference).
    pub id: PolicyVersionId,
    /// `terms|privacy|habeas_data`.
    pub policy_type: afiliados_domain::PolicyType,
    /// `MAJOR.MINOR`.
    pub version: String,
    /// Title.
    pub title: String,
    /// Where the exact text is published.
    pub document_url: String,
    /// Lower-case hex SHA-256 of the text.
    pub checksum: String,
    /// Publication instant.
    pub published_at: DateTime<Utc>,
    /// In force for its type.
    pub is_active: bool,
    /// Notes.
    pub notes: Option<String>,
    /// Live consents to this version (only in `GET /policies/versions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_count: Option<i64>,
}

/// `POST /policies/{policyType}/versions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PublishPolicyRequest {
    /// `MAJOR.MINOR`, greater than the active version.
    pub version: String,
    /// 3–200 characters.
    pub title: String,
    /// The full text, 1–200 000 characters.
    pub document_text: String,
    /// Optional https URL; defaults to the api's public document route.
    #[serde(default)]
    pub document_url: Option<String>,
    /// Optional; must equal the server's SHA-256 of the text.
    #[serde(default)]
    pub checksum: Option<String>,
    /// Optional; never in the future.
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// `GET /policies/versions` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListPolicyVersionsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Only this type.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::PolicyType>))]
    pub policy_type: Option<String>,
    /// Only active or inactive versions.
    pub is_active: Option<bool>,
}

/// `GET /public/policies`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyList {
    /// The active version of each type.
    pub items: Vec<PolicyVersionResponse>,
}
