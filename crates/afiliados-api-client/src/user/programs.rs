//! Campaigns, their members and history, and discount codes (`api.md` §7, §8).

use afiliados_api_types::Page;
use afiliados_api_types::campaigns::CampaignStatusHistory;
use afiliados_api_types::campaigns::{
    CampaignResponse, CreateCampaignRequest, ListCampaignsQuery, ListMembershipsQuery,
    MembershipResponse, UpdateCampaignRequest,
};
use afiliados_api_types::codes::{
    CreateCodeRequest, DiscountCodeResponse, ListCodesQuery, UpdateCodeRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /campaigns` (AM: its brands; IN: its memberships).
    pub async fn list_campaigns(
        &self,
        bearer: &str,
        query: &ListCampaignsQuery,
    ) -> Result<Page<CampaignResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/campaigns", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /campaigns`.
    pub async fn create_campaign(
        &self,
        bearer: &str,
        body: &CreateCampaignRequest,
    ) -> Result<CampaignResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/campaigns", bearer, body)).await
    }

    /// `GET /campaigns/{id}`.
    pub async fn get_campaign(&self, bearer: &str, id: Uuid) -> Result<CampaignResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/campaigns/{id}"), bearer)).await
    }

    /// `PATCH /campaigns/{id}`: rules, tiers and status transitions.
    pub async fn update_campaign(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateCampaignRequest,
    ) -> Result<CampaignResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/campaigns/{id}"),
            bearer,
            body,
        ))
        .await
    }

    /// `DELETE /campaigns/{id}` (a draft without used codes).
    pub async fn delete_campaign(&self, bearer: &str, id: Uuid) -> Result<()> {
        Transport::empty(self.build(Method::DELETE, &format!("/api/v1/campaigns/{id}"), bearer))
            .await
    }

    /// `GET /campaigns/{id}/influencers`.
    pub async fn list_campaign_members(
        &self,
        bearer: &str,
        id: Uuid,
        query: &ListMembershipsQuery,
    ) -> Result<Page<MembershipResponse>> {
        Transport::json(
            self.build(
                Method::GET,
                &format!("/api/v1/campaigns/{id}/influencers"),
                bearer,
            )
            .query(query),
        )
        .await
    }

    /// `GET /campaigns/{id}/status-history`.
    pub async fn campaign_status_history(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<CampaignStatusHistory> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/campaigns/{id}/status-history"),
            bearer,
        ))
        .await
    }

    /// `GET /codes` (AM: its brands; IN: its own).
    pub async fn list_codes(
        &self,
        bearer: &str,
        query: &ListCodesQuery,
    ) -> Result<Page<DiscountCodeResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/codes", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /codes` (generated or custom).
    pub async fn create_code(
        &self,
        bearer: &str,
        body: &CreateCodeRequest,
    ) -> Result<DiscountCodeResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/codes", bearer, body)).await
    }

    /// `GET /codes/{id}`.
    pub async fn get_code(&self, bearer: &str, id: Uuid) -> Result<DiscountCodeResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/codes/{id}"), bearer)).await
    }

    /// `PATCH /codes/{id}`: conditions and the enabled switch.
    pub async fn update_code(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateCodeRequest,
    ) -> Result<DiscountCodeResponse> {
        Transport::json(self.with(Method::PATCH, &format!("/api/v1/codes/{id}"), bearer, body))
            .await
    }

    /// `POST /codes/{id}/sync` (202): queues the VTEX coupon sync again.
    pub async fn sync_code(&self, bearer: &str, id: Uuid) -> Result<DiscountCodeResponse> {
        Transport::json(self.build(Method::POST, &format!("/api/v1/codes/{id}/sync"), bearer)).await
    }
}
