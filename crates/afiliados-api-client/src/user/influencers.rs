//! Influencers, their status, memberships and documents (`api.md` §6).

use afiliados_api_types::Page;
use afiliados_api_types::campaigns::{
    AssignCampaignRequest, AssignCampaignResponse, MembershipResponse, UpdateMembershipRequest,
};
use afiliados_api_types::influencers::{
    ChangeInfluencerStatusRequest, DocumentList, DocumentResponse, InfluencerResponse,
    InfluencerStatusHistory, InfluencerSummary, ListInfluencersQuery, UpdateInfluencerRequest,
};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport, Upload};

impl UserApi {
    /// `GET /influencers` (AD, GA; AM in scope).
    pub async fn list_influencers(
        &self,
        bearer: &str,
        query: &ListInfluencersQuery,
    ) -> Result<Page<InfluencerSummary>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/influencers", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /influencers/{id}` (reduced for AM and FI).
    pub async fn get_influencer(&self, bearer: &str, id: Uuid) -> Result<InfluencerResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/influencers/{id}"), bearer)).await
    }

    /// `PATCH /influencers/{id}`: absent fields stay, `Some(None)` clears.
    pub async fn update_influencer(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateInfluencerRequest,
    ) -> Result<InfluencerResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/influencers/{id}"),
            bearer,
            body,
        ))
        .await
    }

    /// `PATCH /influencers/{id}/status`: approve, reject, suspend, reactivate.
    pub async fn change_influencer_status(
        &self,
        bearer: &str,
        id: Uuid,
        body: &ChangeInfluencerStatusRequest,
    ) -> Result<InfluencerResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/influencers/{id}/status"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /influencers/{id}/bank-account-change/confirm`: the second user (AD, FI) applies a
    /// staff bank account change.
    pub async fn confirm_bank_account_change(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<InfluencerResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/influencers/{id}/bank-account-change/confirm"),
            bearer,
        ))
        .await
    }

    /// `POST /influencers/{id}/bank-account-change/reject`: drops a pending staff bank change.
    pub async fn reject_bank_account_change(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<InfluencerResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/influencers/{id}/bank-account-change/reject"),
            bearer,
        ))
        .await
    }

    /// `GET /influencers/{id}/status-history`, oldest first.
    pub async fn influencer_status_history(
        &self,
        bearer: &str,
        id: Uuid,
    ) -> Result<InfluencerStatusHistory> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/influencers/{id}/status-history"),
            bearer,
        ))
        .await
    }

    /// `POST /influencers/{id}/campaigns/{campaignId}`: membership and, by default, a code.
    pub async fn assign_campaign(
        &self,
        bearer: &str,
        id: Uuid,
        campaign_id: Uuid,
        body: &AssignCampaignRequest,
    ) -> Result<AssignCampaignResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/influencers/{id}/campaigns/{campaign_id}"),
            bearer,
            body,
        ))
        .await
    }

    /// `PATCH /influencers/{id}/campaigns/{campaignId}`: `status` (`active|inactive`), `notes`.
    pub async fn update_membership(
        &self,
        bearer: &str,
        id: Uuid,
        campaign_id: Uuid,
        body: &UpdateMembershipRequest,
    ) -> Result<MembershipResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/influencers/{id}/campaigns/{campaign_id}"),
            bearer,
            body,
        ))
        .await
    }

    /// `GET /influencers/{id}/documents` (metadata).
    pub async fn list_influencer_documents(&self, bearer: &str, id: Uuid) -> Result<DocumentList> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/influencers/{id}/documents"),
            bearer,
        ))
        .await
    }

    /// `POST /influencers/{id}/documents`: multipart with `file`, `kind` and optional `notes`.
    pub async fn upload_influencer_document(
        &self,
        bearer: &str,
        id: Uuid,
        kind: &str,
        notes: Option<&str>,
        file: Upload,
    ) -> Result<DocumentResponse> {
        let part = Part::bytes(file.bytes)
            .file_name(file.filename)
            .mime_str(&file.content_type)?;
        let mut form = Form::new().text("kind", kind.to_owned());
        if let Some(notes) = notes {
            form = form.text("notes", notes.to_owned());
        }
        let form = form.part("file", part);
        Transport::json(
            self.build(
                Method::POST,
                &format!("/api/v1/influencers/{id}/documents"),
                bearer,
            )
            .multipart(form),
        )
        .await
    }

    /// `GET /influencers/{id}/documents/{documentId}/download` (AD, GA, FI).
    pub async fn download_influencer_document(
        &self,
        bearer: &str,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/influencers/{id}/documents/{document_id}/download"),
            bearer,
        ))
        .await
    }

    /// `DELETE /influencers/{id}/documents/{documentId}` (AD, GA; 204, soft delete).
    pub async fn delete_influencer_document(
        &self,
        bearer: &str,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<()> {
        Transport::empty(self.build(
            Method::DELETE,
            &format!("/api/v1/influencers/{id}/documents/{document_id}"),
            bearer,
        ))
        .await
    }
}

#[cfg(test)]
mod tests {
    use afiliados_api_types::campaigns::UpdateMembershipRequest;
    use afiliados_api_types::codes::UpdateCodeRequest;
    use afiliados_api_types::influencers::{
        ChangeInfluencerStatusRequest, UpdateInfluencerRequest,
    };

    /// PATCH bodies must leave out what the user did not touch: an absent field stays, an
    /// explicit `null` clears, and a field a role may not edit is refused even when null.
    #[test]
    fn patch_bodies_omit_untouched_fields() {
        let body = UpdateInfluencerRequest {
            phone: Some(None),
            city: Some(Some("Cali".into())),
            ..UpdateInfluencerRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"phone": null, "city": "Cali"})
        );
        let approve = ChangeInfluencerStatusRequest {
            status: "approved".into(),
            reason: None,
        };
        assert_eq!(
            serde_json::to_value(&approve).unwrap(),
            serde_json::json!({"status": "approved"})
        );
        let disable = UpdateCodeRequest {
            enabled: Some(false),
            disabled_reason: Some("fin".into()),
            ..UpdateCodeRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&disable).unwrap(),
            serde_json::json!({"enabled": false, "disabledReason": "fin"})
        );
        let deactivate = UpdateMembershipRequest {
            status: Some("inactive".into()),
            ..UpdateMembershipRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&deactivate).unwrap(),
            serde_json::json!({"status": "inactive"})
        );
        let tax_only = UpdateInfluencerRequest {
            tax_profile_code: Some(Some("regimen_simple".into())),
            ..UpdateInfluencerRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&tax_only).unwrap(),
            serde_json::json!({"taxProfileCode": "regimen_simple"})
        );
    }
}
