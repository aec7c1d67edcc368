//! Step 5: `POST /api/v1/commissions/settlements/run` with `{"dryRun": true}` answers 200. A dry
//! run computes what a settlement would do and changes nothing (`api.md` §10).

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Session;
use crate::http::{StepResult, call};

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let token = session.admin_token()?;
    let body = call(
        &session.clients.api,
        Method::POST,
        &session.api("/api/v1/commissions/settlements/run"),
        Some(&token),
        Some(&json!({ "dryRun": true })),
        StatusCode::OK,
    )
    .await?;
    if body["dryRun"] != json!(true) {
        return Err(format!(
            "the settlement run answered 200 but is not a dry run: dryRun = {}",
            body["dryRun"]
        ));
    }
    Ok(format!(
        "dry run {} → 200, nothing changed",
        body["id"].as_str().unwrap_or("?")
    ))
}
