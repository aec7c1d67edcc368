//! Surveys (`api.md` §18): admin_dentsu writes, opens, closes and exports them; the targeted
//! roles list the open ones and answer once.

use afiliados_api_types::Page;
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::surveys::{
    CreateSurveyRequest, ListSurveysQuery, SubmitSurveyResponseRequest, SurveyResponse,
    SurveyResponseReceipt, UpdateSurveyRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport};

impl UserApi {
    /// `GET /surveys`: every survey for AD; the open ones asking the caller otherwise.
    pub async fn list_surveys(
        &self,
        bearer: &str,
        query: &ListSurveysQuery,
    ) -> Result<Page<SurveyResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/surveys", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /surveys/{id}`.
    pub async fn get_survey(&self, bearer: &str, id: Uuid) -> Result<SurveyResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/surveys/{id}"), bearer)).await
    }

    /// `POST /surveys` (AD): a draft.
    pub async fn create_survey(
        &self,
        bearer: &str,
        body: &CreateSurveyRequest,
    ) -> Result<SurveyResponse> {
        Transport::json(self.with(Method::POST, "/api/v1/surveys", bearer, body)).await
    }

    /// `PATCH /surveys/{id}` (AD): edit a draft, open or close.
    pub async fn update_survey(
        &self,
        bearer: &str,
        id: Uuid,
        body: &UpdateSurveyRequest,
    ) -> Result<SurveyResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/surveys/{id}"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /surveys/{id}/responses`.
    pub async fn answer_survey(
        &self,
        bearer: &str,
        id: Uuid,
        body: &SubmitSurveyResponseRequest,
    ) -> Result<SurveyResponseReceipt> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/surveys/{id}/responses"),
            bearer,
            body,
        ))
        .await
    }

    /// `GET /surveys/{id}/results.csv` (AD).
    pub async fn download_survey_results(
        &self,
        bearer: &str,
        id: Uuid,
        query: &ExportLocaleQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(
                Method::GET,
                &format!("/api/v1/surveys/{id}/results.csv"),
                bearer,
            )
            .query(query),
        )
        .await
    }
}
