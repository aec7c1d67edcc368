//! Brands with their logo, withdrawal policies and tax profiles (`api.md` §3, §5).

use afiliados_api_types::Page;
use afiliados_api_types::brands::{
    BrandResponse, CreateBrandRequest, CreateTaxProfileRequest, ListBrandsQuery, TaxProfileList,
    TaxProfileResponse, UpdateBrandRequest, UpdateTaxProfileRequest, UpdateWithdrawalPolicyRequest,
    WithdrawalPolicyResponse,
};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport, Upload};

impl UserApi {
    /// `GET /brands` (AM: its brands).
    pub async fn list_brands(
        &self,
        bearer: &str,
        query: &ListBrandsQuery,
    ) -> Result<Page<BrandResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/brands", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /brands` (AD).
    pub async fn create_brand(
        &self,
        bearer: &str,
        body: &CreateBrandRequest,
    ) -> Result<BrandResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/brands", bearer, body)).await
    }

    /// `GET /brands/{id}`.
    pub async fn get_brand(&self, bearer: &str, id: Uuid) -> Result<BrandResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/brands/{id}"), bearer)).await
    }

    /// `PATCH /brands/{id}` (AD every field; AM `description` only).
    pub async fn update_brand(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateBrandRequest,
    ) -> Result<BrandResponse> {
        Transport::json(self.with(Method::PATCH, &format!("/api/v1/brands/{id}"), bearer, body))
            .await
    }

    /// `PUT /brands/{id}/logo` (AD; AM its brand): multipart `file`, PNG, JPEG or SVG ≤ 1 MiB.
    pub async fn upload_brand_logo(
        &self,
        bearer: &str,
        id: Uuid,
        file: Upload,
    ) -> Result<BrandResponse> {
        let part = Part::bytes(file.bytes)
            .file_name(file.filename)
            .mime_str(&file.content_type)?;
        Transport::json(
            self.build(Method::PUT, &format!("/api/v1/brands/{id}/logo"), bearer)
                .multipart(Form::new().part("file", part)),
        )
        .await
    }

    /// `GET /public/brands/{id}/logo` (public): the image, 404 when the brand has none.
    pub async fn public_brand_logo(&self, id: Uuid) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/public/brands/{id}/logo"),
            "",
        ))
        .await
    }

    /// `PUT /brands/{id}/withdrawal-policy` (FI, AD).
    pub async fn update_withdrawal_policy(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateWithdrawalPolicyRequest,
    ) -> Result<WithdrawalPolicyResponse> {
        Transport::json(self.with(
            Method::PUT,
            &format!("/api/v1/brands/{id}/withdrawal-policy"),
            bearer,
            body,
        ))
        .await
    }

    /// `GET /tax-profiles` (FI, AD).
    pub async fn list_tax_profiles(&self, bearer: &str) -> Result<TaxProfileList> {
        Transport::json(self.build(Method::GET, "/api/v1/tax-profiles", bearer)).await
    }

    /// `POST /tax-profiles` (FI, AD).
    pub async fn create_tax_profile(
        &self,
        bearer: &str,
        body: &CreateTaxProfileRequest,
    ) -> Result<TaxProfileResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/tax-profiles", bearer, body)).await
    }

    /// `PATCH /tax-profiles/{id}` (FI, AD).
    pub async fn update_tax_profile(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateTaxProfileRequest,
    ) -> Result<TaxProfileResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/tax-profiles/{id}"),
            bearer,
            body,
        ))
        .await
    }
}
