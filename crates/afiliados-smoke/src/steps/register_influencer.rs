//! Step 4: a dummy influencer registers through the public form's endpoint and is `pending`.
//!
//! The dummy is recognisable as smoke data: e-mail `smoke+<unix seconds>@<SMOKE_EMAIL_DOMAIN>`,
//! name "Smoke Postdespliegue", passport `SMOKE<unix seconds>`. It gets a random password (so no
//! set-password e-mail is sent; the password is never printed nor kept). Cleanup: once `pending`
//! is seen, the admin of step 2 rejects it with the reason "smoke post-deploy data", so the
//! gestores' review queue stays clean while the record (and its audit trail) is kept, as every
//! registration is.

use rand::Rng as _;
use rand::distr::Alphanumeric;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::Session;
use crate::http::{StepResult, call};

/// The reason the dummy is rejected with (3–500 characters).
pub const CLEANUP_REASON: &str = "Datos de prueba del smoke post-despliegue (afiliados-smoke)";

/// The dummy's registration body for the instant `unix`.
pub fn dummy(unix: u64, domain: &str, policy_ids: &[String], password: &str) -> Value {
    json!({
        "firstName": "Smoke",
        "lastName": "Postdespliegue",
        "documentType": "PP",
        "documentNumber": format!("SMOKE{unix}"),
        "email": format!("smoke+{unix}@{domain}"),
        "city": "Bogotá",
        "country": "CO",
        "socialLinks": ["https://www.instagram.com/medipiel"],
        "password": password,
        "acceptedPolicyVersionIds": policy_ids,
        "marketingOptIn": false,
    })
}

/// A password that meets the policy (length, digit, upper, lower, special), fresh each run.
fn random_password() -> String {
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    format!("Sm0ke!{tail}")
}

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    let token = session.admin_token()?;
    let api = &session.clients.api;
    let policies = call(
        api,
        Method::GET,
        &session.api("/api/v1/public/policies"),
        None,
        None,
        StatusCode::OK,
    )
    .await?;
    let ids: Vec<String> = policies["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return Err("GET /api/v1/public/policies lists no active policy version".into());
    }
    let unix = (session.now)();
    let body = dummy(unix, &session.config.email_domain, &ids, &random_password());
    let email = body["email"].as_str().unwrap_or_default().to_owned();
    let created = call(
        api,
        Method::POST,
        &session.api("/api/v1/public/influencers"),
        None,
        Some(&body),
        StatusCode::CREATED,
    )
    .await?;
    let status = created["status"].as_str().unwrap_or("?");
    if status != "pending" {
        return Err(format!(
            "{email} registered as {status:?}, expected pending"
        ));
    }
    let id = created["id"]
        .as_str()
        .ok_or("the registration answered 201 without an id")?;
    call(
        api,
        Method::PATCH,
        &session.api(&format!("/api/v1/influencers/{id}/status")),
        Some(&token),
        Some(&json!({ "status": "rejected", "reason": CLEANUP_REASON })),
        StatusCode::OK,
    )
    .await
    .map_err(|reason| format!("{email} was pending but the cleanup failed: {reason}"))?;
    Ok(format!("{email} pending (then rejected as smoke data)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_is_recognisable_and_its_password_meets_the_policy() {
        let body = dummy(1_765_000_000, "example.com", &["p1".into()], "x");
        assert_eq!(body["email"], "smoke+1765000000@example.com");
        assert_eq!(body["documentNumber"], "SMOKE1765000000");
        assert!(body["documentNumber"].as_str().unwrap().len() <= 15);
        let password = random_password();
        assert!(password.len() >= 12);
        assert!(password.chars().any(|c| c.is_ascii_digit()));
        assert!(password.chars().any(|c| c.is_ascii_uppercase()));
        assert!(password.chars().any(|c| c.is_ascii_lowercase()));
        assert!(password.contains('!'));
        assert_ne!(random_password(), password, "fresh each run");
    }
}
