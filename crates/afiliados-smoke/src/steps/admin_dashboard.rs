//! Step 3: `GET /api/v1/dashboard/admin` returns its metrics and a non-empty `topInfluencers`.

use reqwest::{Method, StatusCode};

use super::Session;
use crate::http::{StepResult, call};

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let token = session.admin_token()?;
    let body = call(
        &session.clients.api,
        Method::GET,
        &session.api("/api/v1/dashboard/admin"),
        Some(&token),
        None,
        StatusCode::OK,
    )
    .await?;
    let Some(top) = body["topInfluencers"].as_array() else {
        return Err("the admin dashboard has no topInfluencers list".into());
    };
    if top.is_empty() {
        return Err(
            "topInfluencers is empty: no confirmed commission yet (QA: run make seed-qa)".into(),
        );
    }
    let metrics = body
        .as_object()
        .map_or(0, |fields| fields.len().saturating_sub(1));
    Ok(format!(
        "{} top influencers, {metrics} other sections",
        top.len()
    ))
}
