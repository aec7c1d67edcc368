//! [`InternalApi`]: the worker's client of `/internal/v1` (`api.md` §21), authenticated with the
//! service token `INTERNAL_API_TOKEN`.
//!
//! The api answers 410 once an e-mail was sent or cancelled and 409 while another worker holds
//! its lease; callers read those from [`ApiClientError::status`](crate::ApiClientError::status).
//! The coupon and promotion endpoints (`api.md` §21.3) answer 404 for an unknown id and 422 for
//! a malformed report; both are permanent for the worker.

use afiliados_api_types::internal::{ClaimEmailRequest, EmailDeliveryReport, InternalEmail};
use afiliados_api_types::internal_vtex::{
    CouponSyncResult, DesiredCoupon, DesiredPromotions, PromotionSyncResult,
};
use reqwest::{Method, RequestBuilder};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::{Result, Transport};

/// Calls `/internal/v1` with the service token. Cheap to clone.
#[derive(Clone)]
pub struct InternalApi {
    transport: Transport,
    token: SecretString,
    request_id: Option<String>,
}

impl std::fmt::Debug for InternalApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InternalApi")
            .field("transport", &self.transport)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl InternalApi {
    /// A client over `transport` that presents `service_token` as its bearer.
    pub fn new(transport: Transport, service_token: SecretString) -> InternalApi {
        InternalApi {
            transport,
            token: service_token,
            request_id: None,
        }
    }

    /// The same client, sending `request_id` as `X-Request-Id` on every call (a job passes its
    /// task id so the api's logs line up with the worker's). Without it each call gets a new id.
    pub fn with_request_id(&self, request_id: impl Into<String>) -> InternalApi {
        InternalApi {
            request_id: Some(request_id.into()),
            ..self.clone()
        }
    }

    /// A request to `path` with the service token and the request id.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let generated;
        let request_id = match &self.request_id {
            Some(id) => id.as_str(),
            None => {
                generated = Uuid::now_v7().to_string();
                generated.as_str()
            }
        };
        self.transport
            .request(method, path, self.token.expose_secret(), Some(request_id))
    }

    /// `GET /internal/v1/ping` → 204: the token is accepted and the api is reachable.
    pub async fn ping(&self) -> Result<()> {
        Transport::empty(self.request(Method::GET, "/internal/v1/ping")).await
    }

    /// `GET /internal/v1/emails/{id}`; 410 once it was sent or cancelled.
    pub async fn get_email(&self, id: Uuid) -> Result<InternalEmail> {
        Transport::json(self.request(Method::GET, &format!("/internal/v1/emails/{id}"))).await
    }

    /// `POST /internal/v1/emails/{id}/claim` with a lease of `lease_seconds` (30–600): the e-mail,
    /// now `sending`; 409 while another lease is active, 410 once sent or cancelled.
    pub async fn claim_email(&self, id: Uuid, lease_seconds: u32) -> Result<InternalEmail> {
        let builder = self.request(Method::POST, &format!("/internal/v1/emails/{id}/claim"));
        Transport::json(Transport::with_body(
            builder,
            &ClaimEmailRequest { lease_seconds },
        ))
        .await
    }

    /// `POST /internal/v1/emails/{id}/delivery` → 204: delivered, or a failure (permanent or not)
    /// that the api records in `attempts` and `last_error`.
    pub async fn report_email_delivery(
        &self,
        id: Uuid,
        report: &EmailDeliveryReport,
    ) -> Result<()> {
        let builder = self.request(Method::POST, &format!("/internal/v1/emails/{id}/delivery"));
        Transport::empty(Transport::with_body(builder, report)).await
    }

    /// `GET /internal/v1/codes/{id}/coupon`: the code's current desired VTEX coupon (its
    /// promotion row is created by the api when missing).
    pub async fn get_desired_coupon(&self, id: Uuid) -> Result<DesiredCoupon> {
        Transport::json(self.request(Method::GET, &format!("/internal/v1/codes/{id}/coupon"))).await
    }

    /// `POST /internal/v1/codes/{id}/sync-result` → 204. Only a result for the current revision
    /// marks the code synced; a failure stores `last_sync_error` (and `failed` when permanent).
    pub async fn report_coupon_sync(&self, id: Uuid, result: &CouponSyncResult) -> Result<()> {
        let builder = self.request(
            Method::POST,
            &format!("/internal/v1/codes/{id}/sync-result"),
        );
        Transport::empty(Transport::with_body(builder, result)).await
    }

    /// `GET /internal/v1/campaigns/{id}/promotions`: one desired promotion per discount percent.
    pub async fn get_desired_promotions(&self, campaign_id: Uuid) -> Result<DesiredPromotions> {
        let path = format!("/internal/v1/campaigns/{campaign_id}/promotions");
        Transport::json(self.request(Method::GET, &path)).await
    }

    /// `POST /internal/v1/campaigns/{id}/promotions/sync-result` → 204.
    pub async fn report_promotion_sync(
        &self,
        campaign_id: Uuid,
        result: &PromotionSyncResult,
    ) -> Result<()> {
        let path = format!("/internal/v1/campaigns/{campaign_id}/promotions/sync-result");
        Transport::empty(Transport::with_body(
            self.request(Method::POST, &path),
            result,
        ))
        .await
    }
}
