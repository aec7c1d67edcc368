//! Step 1: `GET /api/v1/health` answers 200 (the database is up; Redis is reported, not decisive).

use reqwest::{Method, StatusCode};

use super::Session;
use crate::http::{StepResult, call};

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let url = session.api("/api/v1/health");
    let body = call(
        &session.clients.api,
        Method::GET,
        &url,
        None,
        None,
        StatusCode::OK,
    )
    .await?;
    let mut detail = format!("GET {url} → 200");
    if let Some(status) = body["status"].as_str() {
        detail.push_str(&format!(", status {status}"));
    }
    // A Redis outage still answers 200 (jobs wait in the outbox); say so without failing.
    if body["error"].get("redis").is_some() {
        detail.push_str(", redis down");
    }
    Ok(detail)
}
