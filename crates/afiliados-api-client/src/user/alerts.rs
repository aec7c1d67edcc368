//! The operational alert queue (`api.md` §14 `GET /notifications/pending`, AD and GA). An alert
//! is acknowledged by reading its in-app notification (`mark_notification_read`).

use afiliados_api_types::Page;
use afiliados_api_types::alerts::{AlertResponse, PendingAlertsQuery};
use reqwest::Method;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /notifications/pending`: alerts not yet acknowledged, newest raise first.
    pub async fn list_pending_alerts(
        &self,
        bearer: &str,
        query: &PendingAlertsQuery,
    ) -> Result<Page<AlertResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/notifications/pending", bearer)
                .query(query),
        )
        .await
    }
}
