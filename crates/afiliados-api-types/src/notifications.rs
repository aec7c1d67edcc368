//! In-app notifications and the e-mail outbox (`api.md` §14).

use afiliados_domain::ids::NotificationId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One row of the e-mail outbox.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxEmail {
    /// Outbox id (also the Message-ID's local part).
    pub id: Uuid,
    /// Recipient address.
    pub recipient: String,
    /// Template name.
    pub template: String,
    /// `es` or `en`.
    pub locale: afiliados_domain::Locale,
    /// `pending|sending|sent|failed|cancelled`.
    pub status: afiliados_domain::EmailStatus,
    /// Sent.
    pub delivered: bool,
    /// Attempts made.
    pub attempts: i32,
    /// Attempt cap.
    pub max_attempts: i32,
    /// Last failure.
    pub last_error: Option<String>,
    /// Next attempt.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When it was sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// SMTP Message-ID.
    pub message_id: Option<String>,
    /// Alert group, for operational alerts.
    pub alert_group: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// `GET /notifications/emails` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListEmailsQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// `false` is the runbook's query.
    pub delivered: Option<bool>,
    /// Status.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::EmailStatus>))]
    pub status: Option<String>,
    /// Template.
    pub template: Option<String>,
    /// Recipient.
    pub recipient: Option<String>,
}

/// An in-app notification.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationResponse {
    /// Id.
    pub id: NotificationId,
    /// Type (`auth.session_revoked`, …).
    #[serde(rename = "type")]
    pub notification_type: String,
    /// `info|warning|critical`.
    pub severity: afiliados_domain::NotificationSeverity,
    /// Rendered text.
    pub message: String,
    /// Data.
    pub payload: serde_json::Value,
    /// Operational alert.
    pub operational: bool,
    /// When read.
    pub read_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// `GET /notifications`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    /// Rows.
    pub items: Vec<NotificationResponse>,
    /// Page.
    pub page: u32,
    /// Page size.
    pub page_size: u32,
    /// Total rows.
    pub total: u64,
    /// Unread rows of the caller.
    pub unread_count: u64,
}
