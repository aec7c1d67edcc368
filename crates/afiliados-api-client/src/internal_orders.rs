//! [`InternalApi`]'s order calls (`api.md` §21.2): read and claim a webhook delivery, ingest a
//! normalised order, report the delivery's outcome, and report an order VTEX does not know.
//! 404 (unknown delivery), 409 (`delivery_not_reprocessable`), 410 (payload purged) and 422
//! (a normalised order that breaks its schema) are permanent for the worker; 5xx and timeouts
//! are transient.

use afiliados_api_types::internal_deliveries::{
    ClaimDeliveryRequest, ClaimedDelivery, DeliveryResult, InternalDelivery, OrderNotFound,
};
use afiliados_api_types::orders::{IngestOrderRequest, IngestOrderResponse};
use reqwest::Method;
use uuid::Uuid;

use crate::{InternalApi, Result, Transport};

impl InternalApi {
    /// `GET /internal/v1/webhook-deliveries/{id}`: the delivery, with the decrypted document
    /// when it carried one.
    pub async fn get_delivery(&self, id: Uuid) -> Result<InternalDelivery> {
        let path = format!("/internal/v1/webhook-deliveries/{id}");
        Transport::json(self.request(Method::GET, &path)).await
    }

    /// `POST /internal/v1/webhook-deliveries/{id}/claim` → `{attempt, delivery}`; the delivery is
    /// now `processing`, and the answer carries it as [`Self::get_delivery`] would.
    pub async fn claim_delivery(&self, id: Uuid, force: bool) -> Result<ClaimedDelivery> {
        let path = format!("/internal/v1/webhook-deliveries/{id}/claim");
        let builder = self.request(Method::POST, &path);
        Transport::json(Transport::with_body(
            builder,
            &ClaimDeliveryRequest { force },
        ))
        .await
    }

    /// `POST /internal/v1/webhook-deliveries/{id}/result` → 204.
    pub async fn report_delivery(&self, id: Uuid, result: &DeliveryResult) -> Result<()> {
        let path = format!("/internal/v1/webhook-deliveries/{id}/result");
        Transport::empty(Transport::with_body(
            self.request(Method::POST, &path),
            result,
        ))
        .await
    }

    /// `POST /internal/v1/orders/ingest` → what ingesting the version did.
    pub async fn ingest_order(&self, request: &IngestOrderRequest) -> Result<IngestOrderResponse> {
        let builder = self.request(Method::POST, "/internal/v1/orders/ingest");
        Transport::json(Transport::with_body(builder, request)).await
    }

    /// `POST /internal/v1/orders/not-found` → 204.
    pub async fn report_order_not_found(&self, report: &OrderNotFound) -> Result<()> {
        let builder = self.request(Method::POST, "/internal/v1/orders/not-found");
        Transport::empty(Transport::with_body(builder, report)).await
    }
}
