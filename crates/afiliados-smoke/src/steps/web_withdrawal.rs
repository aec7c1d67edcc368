//! Step 6: the QA influencer requests a withdrawal through the web, as a browser does — the login
//! form and the wallet's form, each with the session's `csrf_token` — and the api then lists the
//! request in `GET /api/v1/payments/withdrawals` to the admin.
//!
//! Cleanup: the admin rejects the request ("smoke post-deploy data"), which releases the reserved
//! amount back to the influencer's available balance, so the QA balance of `seed qa` serves every
//! later run.

use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Session;
use crate::html;
use crate::http::{StepResult, call, send};

/// The reason the request is rejected with (3–500 characters).
pub const CLEANUP_REASON: &str = "Solicitud de prueba del smoke post-despliegue (afiliados-smoke)";

/// A page the browser reads: status 200 and its HTML.
async fn get_page(session: &Session<'_>, path: &str) -> StepResult<String> {
    let what = format!("GET {}", session.web(path));
    let response = send(session.clients.browser.get(session.web(path)), &what).await?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("?");
        return Err(format!("{what}: redirected to {to} (not signed in?)"));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("{what}: unreadable page ({e})"))?;
    if status != StatusCode::OK {
        let why = html::alert_text(&text).unwrap_or_default();
        return Err(format!("{what}: {status} {why}").trim_end().to_owned());
    }
    Ok(text)
}

/// Posts a form; answers where the web redirects to (`303 See Other` is success), or why not.
async fn post_form(
    session: &Session<'_>,
    path: &str,
    fields: &[(&str, &str)],
) -> StepResult<String> {
    let what = format!("POST {}", session.web(path));
    let request = session.clients.browser.post(session.web(path)).form(fields);
    let response = send(request, &what).await?;
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match location {
        Some(to) if status.is_redirection() => Ok(to),
        _ => {
            let page = response.text().await.unwrap_or_default();
            let why = html::alert_text(&page)
                .map(|text| format!(": {text}"))
                .unwrap_or_default();
            Err(format!("{what}: {status}{why}"))
        }
    }
}

/// Signs the influencer in through `/login`.
async fn sign_in(session: &Session<'_>) -> StepResult<()> {
    let config = session.config;
    let login = get_page(session, "/login?lang=es").await?;
    let csrf = html::csrf_token(&login).ok_or("the login page has no csrf_token field")?;
    let landed = post_form(
        session,
        "/login",
        &[
            ("csrf_token", csrf.as_str()),
            ("email", config.influencer_email.as_str()),
            ("password", config.influencer_password.expose()),
        ],
    )
    .await
    .map_err(|reason| {
        format!(
            "{} cannot sign in to the web: {reason}",
            config.influencer_email
        )
    })?;
    let path = landed.split('?').next().unwrap_or_default();
    if path.ends_with("/login") || path.contains("/login/2fa") {
        return Err(format!(
            "{} did not get a session: the web sent it to {landed}",
            config.influencer_email
        ));
    }
    Ok(())
}

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let token = session.admin_token()?;
    let config = session.config;
    sign_in(session).await?;
    let wallet = get_page(session, "/influencer/billetera").await?;
    let csrf = html::csrf_token(&wallet).ok_or("the wallet page has no csrf_token field")?;
    let forms = html::withdrawal_forms(&wallet);
    let form = forms.iter().find(|f| f.can_withdraw).ok_or_else(|| {
        format!(
            "the wallet of {} has no brand to withdraw from ({} brands; QA: make seed-qa)",
            config.influencer_email,
            forms.len()
        )
    })?;
    let notes = format!("smoke post-deploy {}", (session.now)());
    let landed = post_form(
        session,
        "/influencer/billetera/retiros",
        &[
            ("csrf_token", csrf.as_str()),
            ("idempotency_key", form.idempotency_key.as_str()),
            ("brand_id", form.brand_id.as_str()),
            ("amount", config.withdrawal_amount.as_str()),
            ("notes", notes.as_str()),
        ],
    )
    .await
    .map_err(|reason| format!("the wallet refused the request: {reason}"))?;
    // The web answers 303 to the new request's page, `/retiros/{id}`.
    let id = landed
        .split('?')
        .next()
        .and_then(|path| {
            path.strip_prefix("/retiros/")
                .or_else(|| path.split("/retiros/").nth(1))
        })
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .ok_or_else(|| format!("the wallet accepted the form but sent the browser to {landed}"))?
        .to_owned();

    let api = &session.clients.api;
    let listed = call(
        api,
        Method::GET,
        &session.api(&format!(
            "/api/v1/payments/withdrawals?status=pending&brandId={}&pageSize=100",
            form.brand_id
        )),
        Some(&token),
        None,
        StatusCode::OK,
    )
    .await?;
    let found = listed["items"]
        .as_array()
        .and_then(|items| items.iter().find(|w| w["id"].as_str() == Some(id.as_str())));
    let Some(found) = found else {
        return Err(format!(
            "withdrawal {id} was requested in the web but GET /api/v1/payments/withdrawals does not list it"
        ));
    };
    let amount = found["amount"].to_string().trim_matches('"').to_owned();
    call(
        api,
        Method::PATCH,
        &session.api(&format!("/api/v1/payments/withdrawals/{id}/decision")),
        Some(&token),
        Some(&json!({ "status": "rejected", "rejectionReason": CLEANUP_REASON })),
        StatusCode::OK,
    )
    .await
    .map_err(|reason| format!("withdrawal {id} is listed but releasing it failed: {reason}"))?;
    Ok(format!(
        "withdrawal {id} of {amount} listed as pending (then rejected, amount released)"
    ))
}
