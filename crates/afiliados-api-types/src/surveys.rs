//! Surveys (`api.md` §18): an admin asks the roles it targets 1–20 questions; answers are
//! exported by role, never by person.

use afiliados_domain::ids::{SurveyId, UserId};
use afiliados_domain::{Role, SurveyStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SurveyQuestionType {
    /// An integer from 1 to 5.
    #[serde(rename = "scale_1_5")]
    Scale15,
    /// Free text (≤ 2 000 characters).
    #[serde(rename = "text")]
    Text,
    /// One of the question's options.
    #[serde(rename = "single_choice")]
    SingleChoice,
}

impl SurveyQuestionType {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyQuestionType::Scale15 => "scale_1_5",
            SurveyQuestionType::Text => "text",
            SurveyQuestionType::SingleChoice => "single_choice",
        }
    }

    /// From the wire spelling.
    pub fn parse(raw: &str) -> Option<SurveyQuestionType> {
        match raw {
            "scale_1_5" => Some(SurveyQuestionType::Scale15),
            "text" => Some(SurveyQuestionType::Text),
            "single_choice" => Some(SurveyQuestionType::SingleChoice),
            _ => None,
        }
    }
}

/// A stored question.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SurveyQuestion {
    /// Unique in the survey (`[a-z0-9_-]`, 1–40), the key of an answer.
    pub id: String,
    /// The question (1–500).
    pub text: String,
    /// `scale_1_5|text|single_choice`.
    #[serde(rename = "type")]
    pub kind: SurveyQuestionType,
    /// The choices of a `single_choice` question (2–10, unique).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// A question as posted (checked by the api, so a bad type is a 422 on its field).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SurveyQuestionInput {
    /// Unique in the survey (`[a-z0-9_-]`, 1–40).
    pub id: String,
    /// 1–500 characters.
    pub text: String,
    /// `scale_1_5|text|single_choice`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = SurveyQuestionType))]
    pub kind: String,
    /// Required (2–10, unique, 1–200 characters each) for `single_choice`, refused otherwise.
    #[serde(default)]
    pub options: Option<Vec<String>>,
}

/// `POST /surveys`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSurveyRequest {
    /// 3–200 characters.
    pub title: String,
    /// 1–20 questions.
    pub questions: Vec<SurveyQuestionInput>,
    /// The roles asked (at least one).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Role>))]
    pub target_roles: Vec<String>,
    /// Answers accepted from.
    pub opens_at: DateTime<Utc>,
    /// Answers accepted until (after `opensAt`).
    pub closes_at: DateTime<Utc>,
}

/// `PATCH /surveys/{id}`: contents while `draft`, or a `status` step (`draft → open → closed`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateSurveyRequest {
    /// 3–200 characters.
    #[serde(default)]
    pub title: Option<String>,
    /// 1–20 questions.
    #[serde(default)]
    pub questions: Option<Vec<SurveyQuestionInput>>,
    /// The roles asked.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Role>>))]
    pub target_roles: Option<Vec<String>>,
    /// Answers accepted from.
    #[serde(default)]
    pub opens_at: Option<DateTime<Utc>>,
    /// Answers accepted until.
    #[serde(default)]
    pub closes_at: Option<DateTime<Utc>>,
    /// `open|closed`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<SurveyStatus>))]
    pub status: Option<String>,
}

/// A survey.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SurveyResponse {
    /// Id.
    pub id: SurveyId,
    /// Title.
    pub title: String,
    /// The questions, in order.
    pub questions: Vec<SurveyQuestion>,
    /// The roles asked.
    pub target_roles: Vec<Role>,
    /// Answers accepted from.
    pub opens_at: DateTime<Utc>,
    /// Answers accepted until.
    pub closes_at: DateTime<Utc>,
    /// `draft|open|closed`.
    pub status: SurveyStatus,
    /// The admin who wrote it.
    pub created_by: UserId,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The caller has answered it.
    pub answered: bool,
    /// Open and inside its window now: a targeted caller who has not answered may answer.
    pub accepting_responses: bool,
    /// Responses so far (admins only; `null` for respondents).
    pub responses_count: Option<i64>,
}

/// `GET /surveys` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListSurveysQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Admins: `draft|open|closed`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<SurveyStatus>))]
    pub status: Option<String>,
    /// Respondents: only the surveys they have (`true`) or have not (`false`) answered.
    pub answered: Option<bool>,
}

/// `POST /surveys/{id}/responses`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubmitSurveyResponseRequest {
    /// `{questionId: value}`: an integer 1–5, one of the options, or text (≤ 2 000).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: serde_json::Value,
}

/// A recorded response (the answers are only exported, by role).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SurveyResponseReceipt {
    /// The survey.
    pub survey_id: SurveyId,
    /// When it was recorded.
    pub submitted_at: DateTime<Utc>,
}
