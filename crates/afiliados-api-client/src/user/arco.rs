//! ARCO requests, the data-subject rights (`api.md` §13): the influencer files its own; staff
//! file on an influencer's behalf, start and resolve them.

use afiliados_api_types::Page;
use afiliados_api_types::arco::{
    ArcoRequestResponse, CreateArcoRequest, ListArcoRequestsQuery, ResolveArcoRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport};

impl UserApi {
    /// `GET /arco/requests` (IN: its own).
    pub async fn list_arco_requests(
        &self,
        bearer: &str,
        query: &ListArcoRequestsQuery,
    ) -> Result<Page<ArcoRequestResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/arco/requests", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /arco/requests`.
    pub async fn create_arco_request(
        &self,
        bearer: &str,
        body: &CreateArcoRequest,
    ) -> Result<ArcoRequestResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/arco/requests", bearer, body)).await
    }

    /// `GET /arco/requests/{id}/export`: the JSON export of a completed access request.
    pub async fn download_arco_export(&self, bearer: &str, id: Uuid) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/arco/requests/{id}/export"),
            bearer,
        ))
        .await
    }

    /// `GET /arco/requests/{id}` (AD, GA, AU; IN its own).
    pub async fn get_arco_request(&self, bearer: &str, id: Uuid) -> Result<ArcoRequestResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/arco/requests/{id}"), bearer))
            .await
    }

    /// `POST /arco/requests/{id}/start` (AD, GA): `received` → `in_progress`.
    pub async fn start_arco_request(&self, bearer: &str, id: Uuid) -> Result<ArcoRequestResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/arco/requests/{id}/start"),
            bearer,
        ))
        .await
    }

    /// `POST /arco/requests/{id}/resolve` (AD, GA): completing applies the request's effect.
    pub async fn resolve_arco_request(
        &self,
        bearer: &str,
        id: Uuid,
        body: &ResolveArcoRequest,
    ) -> Result<ArcoRequestResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/arco/requests/{id}/resolve"),
            bearer,
            body,
        ))
        .await
    }
}
