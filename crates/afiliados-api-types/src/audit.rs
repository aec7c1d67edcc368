//! The audit log (`api.md` §16).

use afiliados_domain::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who did it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    /// `user|system|service|vtex`.
    #[serde(rename = "type")]
    pub actor_type: afiliados_domain::AuditActorType,
    /// The user, when a user.
    pub user_id: Option<UserId>,
    /// Email or system string.
    pub label: String,
    /// Roles held at the time.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<afiliados_domain::Role>))]
    pub roles: Vec<String>,
}

/// One audit row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Row id.
    pub id: Uuid,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who.
    pub actor: AuditActor,
    /// Dotted action (`auth.login_succeeded`).
    pub action: String,
    /// Entity kind.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// State before.
    pub before: Option<serde_json::Value>,
    /// State after.
    pub after: Option<serde_json::Value>,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
}

/// `GET /audit/logs` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListAuditLogsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of actions, or a prefix ending in `*`.
    pub action: Option<String>,
    /// Entity kind.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Actor user id.
    pub actor_user_id: Option<UserId>,
    /// Actor type.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::AuditActorType>))]
    pub actor_type: Option<String>,
    /// Inclusive lower bound (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Actor label contains.
    pub q: Option<String>,
}
