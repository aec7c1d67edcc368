//! Policy versions, consents and certificates (`api.md` §12).

use afiliados_api_types::Page;
use afiliados_api_types::consents::{
    AcceptConsentsRequest, AcceptConsentsResponse, ConsentList, VerifyCertificateResponse,
};
use afiliados_api_types::policies::{
    ListPolicyVersionsQuery, PolicyVersionResponse, PublishPolicyRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use super::public::segment;
use crate::transport::{Download, Result, Transport};

impl UserApi {
    /// `GET /policies/versions` (AD, GA, AU).
    pub async fn list_policy_versions(
        &self,
        bearer: &str,
        query: &ListPolicyVersionsQuery,
    ) -> Result<Page<PolicyVersionResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/policies/versions", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /policies/{policyType}/versions` (AD): the new version becomes active.
    pub async fn publish_policy_version(
        &self,
        bearer: &str,
        policy_type: &str,
        body: &PublishPolicyRequest,
    ) -> Result<PolicyVersionResponse> {
        let path = format!("/api/v1/policies/{}/versions", segment(policy_type));
        Transport::json(self.with(Method::POST, &path, bearer, body)).await
    }

    /// `GET /policies/consents/{influencerId}`, newest first.
    pub async fn list_consents(&self, bearer: &str, influencer_id: Uuid) -> Result<ConsentList> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/policies/consents/{influencer_id}"),
            bearer,
        ))
        .await
    }

    /// `GET /policies/consents/{influencerId}/{policyVersionId}/certificate` (JSON file).
    pub async fn download_consent_certificate(
        &self,
        bearer: &str,
        influencer_id: Uuid,
        policy_version_id: Uuid,
    ) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/policies/consents/{influencer_id}/{policy_version_id}/certificate"),
            bearer,
        ))
        .await
    }

    /// `GET /policies/consents/{influencerId}/{policyVersionId}/certificate.pdf`.
    pub async fn download_consent_certificate_pdf(
        &self,
        bearer: &str,
        influencer_id: Uuid,
        policy_version_id: Uuid,
    ) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!(
                "/api/v1/policies/consents/{influencer_id}/{policy_version_id}/certificate.pdf"
            ),
            bearer,
        ))
        .await
    }

    /// `POST /policies/consents` (IN): accepts pending versions.
    pub async fn accept_consents(
        &self,
        bearer: &str,
        body: &AcceptConsentsRequest,
    ) -> Result<AcceptConsentsResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/policies/consents", bearer, body)).await
    }

    /// `POST /policies/certificates/verify` (AD, GA, AU): a certificate JSON as downloaded.
    pub async fn verify_certificate(
        &self,
        bearer: &str,
        certificate: &serde_json::Value,
    ) -> Result<VerifyCertificateResponse> {
        Transport::json(self.with(
            Method::POST,
            "/api/v1/policies/certificates/verify",
            bearer,
            certificate,
        ))
        .await
    }
}
