//! What staff send to the reconciliation endpoints (`api.md` §17, §19, §21.6): recording a run
//! done elsewhere, starting one, the list filters, accepting a discrepancy, and the worker's
//! escalation tick. Dates and enumerations arrive as text and are checked by the use cases, so a
//! bad value is a 422 naming its field, never a deserialisation guess.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// Named only in the OpenAPI schemas: the fields arrive as text and the use cases parse them.
#[cfg(feature = "openapi")]
use afiliados_domain::{
    DiscrepancyClass, DiscrepancyStatus, ReconciliationSource, ReconciliationStatus,
    ReconciliationType,
};

/// `POST /vtex/reconciliations`: a reconciliation done elsewhere (`domain.md` §5.16.5).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecordReconciliationRequest {
    /// A business date (`YYYY-MM-DD`) or an instant (RFC 3339). Required.
    #[cfg_attr(feature = "openapi", schema(example = "2026-03-02"))]
    pub run_date: Option<String>,
    /// `daily|fortnightly|adhoc`. Required.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ReconciliationType>))]
    pub run_type: Option<String>,
    /// Discrepancies found (≥ 0). Required.
    pub discrepancies_found: Option<i64>,
    /// A report kept elsewhere (`https://` only).
    pub report_url: Option<String>,
    /// Discrepancy lists `missingInPlatform`, `statusMismatch`, `amountMismatch`,
    /// `couponMismatch`, `missingInVtex` — at the top level or under `details`/`discrepancies`;
    /// each entry `{orderId|id, platform?, vtex?}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub summary: Option<serde_json::Value>,
    /// ≤ 50 strings of ≤ 500 characters.
    pub alerts: Option<Vec<String>>,
}

/// `POST /vtex/reconciliations/run`: one business date (default yesterday in Bogota) or a range
/// of business dates, both ends included, of at most 31 days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RunReconciliationRequest {
    /// One business date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// First business date of a range.
    pub from: Option<String>,
    /// Last business date of a range (included).
    pub to: Option<String>,
    /// `daily` (default for one date), `fortnightly` or `adhoc` (default for a range).
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ReconciliationType>))]
    pub run_type: Option<String>,
}

/// `GET /vtex/reconciliations` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListReconciliationsQuery {
    /// Page (≥ 1).
    pub page: Option<u32>,
    /// Page size (1–100).
    pub page_size: Option<u32>,
    /// Comma list of types.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(rename = "type", value_type = Option<ReconciliationType>))]
    pub run_type: Option<String>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<ReconciliationStatus>))]
    pub status: Option<String>,
    /// Comma list of sources.
    #[cfg_attr(feature = "openapi", param(value_type = Option<ReconciliationSource>))]
    pub source: Option<String>,
    /// `startedAt` ≥ (instant or business date).
    pub from: Option<String>,
    /// `startedAt` < (instant or business date).
    pub to: Option<String>,
    /// `-startedAt` (the only order).
    pub sort: Option<String>,
}

/// `GET /vtex/reconciliations/{id}/discrepancies` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListRunDiscrepanciesQuery {
    /// Page (≥ 1).
    pub page: Option<u32>,
    /// Page size (1–100).
    pub page_size: Option<u32>,
    /// Comma list of classes `A`–`E`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DiscrepancyClass>))]
    pub class: Option<String>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DiscrepancyStatus>))]
    pub status: Option<String>,
}

/// `GET /vtex/reconciliations/discrepancies` and `GET /exports/reconciliation-discrepancies.csv`
/// filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListDiscrepanciesQuery {
    /// Page (≥ 1).
    pub page: Option<u32>,
    /// Page size (1–100).
    pub page_size: Option<u32>,
    /// Comma list of statuses (default `open,resolving`).
    #[cfg_attr(feature = "openapi", param(value_type = Option<DiscrepancyStatus>))]
    pub status: Option<String>,
    /// Comma list of classes `A`–`E`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DiscrepancyClass>))]
    pub class: Option<String>,
    /// Brand id.
    pub brand_id: Option<String>,
    /// `true|false`.
    pub escalated: Option<String>,
    /// `true|false`.
    pub auto_resolvable: Option<String>,
    /// `firstDetectedAt` (the only order).
    pub sort: Option<String>,
}

/// `GET /vtex/reconciliations/{id}/report.*`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ReportQuery {
    /// `true`: the document stored when the run finished (404 while running).
    pub snapshot: Option<bool>,
}

/// `POST /vtex/reconciliations/discrepancies/{id}/accept`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptDiscrepancyRequest {
    /// Why the difference is accepted (20–1 000 characters).
    pub justification: Option<String>,
}

/// `POST /internal/v1/discrepancies/escalate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalateDiscrepanciesRequest {
    /// The tick's instant.
    pub now: DateTime<Utc>,
}

/// `200` of `POST /internal/v1/discrepancies/escalate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalatedDiscrepancies {
    /// How many discrepancies were escalated by this tick.
    pub escalated: u64,
}
