//! ARCO requests: access, rectification, revocation and deletion (`api.md` §13).

use afiliados_domain::ids::{ArcoRequestId, InfluencerId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An ARCO request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ArcoRequestResponse {
    /// Id.
    pub id: ArcoRequestId,
    /// The data subject.
    pub influencer_id: InfluencerId,
    /// `access|rectify|revoke|delete`.
    #[serde(rename = "type")]
    pub kind: afiliados_domain::ArcoType,
    /// `received|in_progress|completed|rejected`.
    pub status: afiliados_domain::ArcoStatus,
    /// `web|email|phone|in_person`.
    pub channel: afiliados_domain::ArcoChannel,
    /// For `rectify`: the fields and their new values.
    pub details: serde_json::Value,
    /// Legal deadline.
    pub due_at: DateTime<Utc>,
    /// Who filed it.
    pub requested_by: Option<UserId>,
    /// Filed.
    pub created_at: DateTime<Utc>,
    /// Work started.
    pub started_at: Option<DateTime<Utc>>,
    /// Resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Who resolved it.
    pub resolved_by: Option<UserId>,
    /// Resolution notes.
    pub resolution_notes: Option<String>,
    /// An access export can be downloaded.
    pub export_available: bool,
}

/// `POST /arco/requests`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateArcoRequest {
    /// `access|rectify|revoke|delete`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::ArcoType))]
    pub kind: String,
    /// For `rectify`, e.g. `{"phone": "+573001112233"}`.
    #[serde(default)]
    pub details: Option<serde_json::Value>,
    /// `web` (default); staff may give `email|phone|in_person`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::ArcoChannel>))]
    pub channel: Option<String>,
    /// Staff only: the influencer on whose behalf.
    #[serde(default)]
    pub influencer_id: Option<InfluencerId>,
}

/// `POST /arco/requests/{id}/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResolveArcoRequest {
    /// `completed|rejected`.
    pub decision: String,
    /// 3–2 000.
    pub notes: String,
    /// Corrected rectification values.
    #[serde(default)]
    pub details: Option<serde_json::Value>,
    /// For `delete` with a positive available balance.
    #[serde(default)]
    pub acknowledge_positive_balance: bool,
}

/// `GET /arco/requests` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListArcoRequestsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::ArcoStatus>))]
    pub status: Option<String>,
    /// Comma list of types.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::ArcoType>))]
    pub kind: Option<String>,
    /// Influencer.
    pub influencer_id: Option<InfluencerId>,
    /// Only open requests past their due date.
    pub overdue: Option<bool>,
}
