//! The caller's in-app notifications (`api.md` §14): every signed-in user reads its own feed.

use afiliados_api_types::PageQuery;
use afiliados_api_types::notifications::NotificationPage;
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /notifications`: newest first, with the caller's `unreadCount`.
    pub async fn list_notifications(
        &self,
        bearer: &str,
        query: &PageQuery,
    ) -> Result<NotificationPage> {
        Transport::json(
            self.build(Method::GET, "/api/v1/notifications", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /notifications/{id}/read` (204, idempotent; another user's is 404).
    pub async fn mark_notification_read(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(
            Method::POST,
            &format!("/api/v1/notifications/{id}/read"),
            bearer,
        ))
        .await
    }

    /// `POST /notifications/read-all` (204): every unread notification of the caller. The body
    /// is optional (`type`); an empty object marks every type.
    pub async fn mark_all_notifications_read(&self, bearer: &str) -> Result<()> {
        Transport::empty(self.with(
            Method::POST,
            "/api/v1/notifications/read-all",
            bearer,
            &serde_json::json!({}),
        ))
        .await
    }
}
