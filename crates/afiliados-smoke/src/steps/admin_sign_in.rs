//! Step 2: the QA admin signs in with its password and the TOTP code computed from
//! `QA_ADMIN_TOTP_SECRET`, and receives an access token (kept for the staff checks of later
//! steps, never printed).

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Session;
use crate::http::{StepResult, call};

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let config = session.config;
    let code = crate::totp::code_at(config.admin_totp_secret.expose(), (session.now)())?;
    let body = json!({
        "email": config.admin_email,
        "password": config.admin_password.expose(),
        "twoFactorCode": code,
    });
    let answer = call(
        &session.clients.api,
        Method::POST,
        &session.api("/api/v1/auth/login"),
        None,
        Some(&body),
        StatusCode::OK,
    )
    .await
    .map_err(|reason| format!("{} cannot sign in: {reason}", config.admin_email))?;
    let token = answer["accessToken"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or("the login answered 200 without an accessToken")?;
    session.admin_token = Some(token.to_owned());
    Ok(format!(
        "{} signed in with 2FA, JWT received",
        config.admin_email
    ))
}
