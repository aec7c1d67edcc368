//! Liveness and readiness bodies (`api.md` §20).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `GET /health` and `GET /health/ready`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// `ok` or `error`.
    pub status: String,
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
    pub status: String,
    /// Round trip of the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub latency_ms: Option<u64>,
    /// Why it is down, as a status word (`unavailable`, `timeout`); the cause is only logged.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
}
