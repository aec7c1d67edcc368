//! The VTEX webhook delivery log for staff (`api.md` §19; AD, FI): list, detail with the
//! payload, and reprocessing one delivery or a range.

use afiliados_api_types::Page;
use afiliados_api_types::deliveries::{
    Delivery, ListDeliveriesQuery, ReprocessRangeRequest, ReprocessRangeResponse,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /vtex/webhooks/deliveries` (newest first, without payloads).
    pub async fn list_deliveries(
        &self,
        bearer: &str,
        query: &ListDeliveriesQuery,
    ) -> Result<Page<Delivery>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/vtex/webhooks/deliveries", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /vtex/webhooks/deliveries/{id}` with its payload (customer data removed).
    pub async fn get_delivery(&self, bearer: &str, id: Uuid) -> Result<Delivery> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/vtex/webhooks/deliveries/{id}"),
            bearer,
        ))
        .await
    }

    /// `POST /vtex/webhooks/deliveries/{id}/reprocess` → 202 with the delivery, `received`.
    pub async fn reprocess_delivery(&self, bearer: &str, id: Uuid) -> Result<Delivery> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/vtex/webhooks/deliveries/{id}/reprocess"),
            bearer,
        ))
        .await
    }

    /// `POST /vtex/webhooks/deliveries/reprocess` → 202 `{enqueued}`.
    pub async fn reprocess_deliveries(
        &self,
        bearer: &str,
        body: &ReprocessRangeRequest,
    ) -> Result<ReprocessRangeResponse> {
        Transport::json(self.with(
            Method::POST,
            "/api/v1/vtex/webhooks/deliveries/reprocess",
            bearer,
            body,
        ))
        .await
    }
}
