//! `GET /status` (ADR 0059; thresholds in `docs/status-thresholds.md`): AD, AU and FI.

use afiliados_api_types::status_page::StatusPage;
use reqwest::Method;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /status`: the operational blocks, each with the level the api computed.
    pub async fn status_page(&self, bearer: &str) -> Result<StatusPage> {
        Transport::json(self.build(Method::GET, "/api/v1/status", bearer)).await
    }
}
