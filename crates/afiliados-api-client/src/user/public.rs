//! Public endpoints of registration (`api.md` §3): no token, `bearer = ""`.

use afiliados_api_types::brands::PublicTaxProfileList;
use afiliados_api_types::influencers::{RegisterInfluencerRequest, RegistrationResponse};
use afiliados_api_types::policies::PolicyList;
use reqwest::Method;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /public/policies`: the active version of each policy type.
    pub async fn list_public_policies(&self) -> Result<PolicyList> {
        Transport::json(self.build(Method::GET, "/api/v1/public/policies", "")).await
    }

    /// `GET /public/policies/{policyType}/versions/{version}/document`: the exact text.
    pub async fn public_policy_document(&self, policy_type: &str, version: &str) -> Result<String> {
        let path = format!(
            "/api/v1/public/policies/{}/versions/{}/document",
            segment(policy_type),
            segment(version)
        );
        Transport::text(self.build(Method::GET, &path, "")).await
    }

    /// `GET /public/tax-profiles`: active profiles, without rates.
    pub async fn list_public_tax_profiles(&self) -> Result<PublicTaxProfileList> {
        Transport::json(self.build(Method::GET, "/api/v1/public/tax-profiles", "")).await
    }

    /// `POST /public/influencers`: registration (201, the influencer is `pending`).
    pub async fn register_influencer(
        &self,
        body: &RegisterInfluencerRequest,
    ) -> Result<RegistrationResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/public/influencers", "", body)).await
    }
}

/// A path segment from user input, percent-encoded so it cannot change the path.
pub(crate) fn segment(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
