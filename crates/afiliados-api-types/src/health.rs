//! Liveness and readiness bodies (`api.md` §20).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The overall answer of a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// Every component is up.
    Ok,
    /// At least one component is down.
    Error,
}

/// The state of one dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ComponentStatus {
    /// Answered.
    Up,
    /// Failed or timed out.
    Down,
}

/// `GET /health` and `GET /health/ready`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// `ok` or `error`.
    pub status: HealthStatus,
    /// Components that are up.
    pub info: BTreeMap<String, ComponentHealth>,
    /// Components that are down.
    pub error: BTreeMap<String, ComponentHealth>,
    /// Every component checked.
    pub details: BTreeMap<String, ComponentHealth>,
    /// Which service answered.
    #[serde(default)]
    pub service: Option<String>,
    /// Its version.
    #[serde(default)]
    pub version: Option<String>,
}

/// The state of one dependency.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComponentHealth {
    /// `up` or `down`.
    pub status: ComponentStatus,
    /// Round trip of the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub latency_ms: Option<u64>,
    /// Why it is down, as a status word (`unavailable`, `timeout`); the cause is only logged.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
}
