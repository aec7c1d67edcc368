//! Client configuration (vtex.md §1, §8, §10).
//!
//! | variable | default |
//! |---|---|
//! | `VTEX_ACCOUNT` | — (the base URL host) |
//! | `VTEX_ENVIRONMENT` | `vtexcommercestable` |
//! | `VTEX_BASE_URL` | `https://{VTEX_ACCOUNT}.{VTEX_ENVIRONMENT}.com.br`; in development without an account, the sandbox `http://127.0.0.1:4710` |
//! | `VTEX_APP_KEY`, `VTEX_APP_TOKEN` | — (label `primary`); in development without any credential, the sandbox's dev pair |
//! | `VTEX_CREDENTIALS` | — JSON `[{"appKey","appToken","label"?,"expiresAt"?}]` |
//! | `VTEX_SECONDARY_APP_KEY`, `VTEX_SECONDARY_APP_TOKEN` | — (label `secondary`) |
//! | `VTEX_TIMEOUT_MS` | 5000 (≥ 100), per attempt |
//! | `VTEX_MAX_RETRIES` | 2 (0–10): up to 3 attempts |
//! | `VTEX_RETRY_DELAY_MS` | 250 |
//! | `VTEX_RETRY_MAX_DELAY_MS` | 5000 |
//! | `VTEX_RETRY_AFTER_MAX_MS` | 30000 |
//! | `VTEX_DEFAULT_CURRENCY` | `COP` (an ISO 4217 code): the currency of an order whose document names none |
//!
//! Outside development a base URL (or account) and at least one credential are required.

use std::time::Duration;

use afiliados_config::Env;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;

/// The sandbox's listen address in development.
pub const DEV_BASE_URL: &str = "http://127.0.0.1:4710";
/// The sandbox's default app key, used in development when no credential is configured.
pub const DEV_APP_KEY: &str = "vtexappkey-medipiel-KQZTRB";
/// The sandbox's default app token (a development value, never a real secret).
pub const DEV_APP_TOKEN: &str = "dev-token";
/// `VTEX_DEFAULT_CURRENCY` when unset.
pub const DEFAULT_CURRENCY: &str = "COP";

/// One app key / app token pair.
#[derive(Debug, Clone)]
pub struct VtexCredential {
    /// Name used in logs (`primary`, `secondary`, or the `label` of `VTEX_CREDENTIALS`).
    pub label: String,
    /// `X-VTEX-API-AppKey`.
    pub app_key: String,
    /// `X-VTEX-API-AppToken`; never logged.
    pub app_token: SecretString,
    /// After this instant the pair is skipped.
    pub expires_at: Option<DateTime<Utc>>,
}

impl VtexCredential {
    /// A pair without expiry.
    pub fn new(label: &str, app_key: &str, app_token: &str) -> VtexCredential {
        VtexCredential {
            label: label.to_owned(),
            app_key: app_key.to_owned(),
            app_token: SecretString::from(app_token.to_owned()),
            expires_at: None,
        }
    }

    /// Not past its `expiresAt`.
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_none_or(|at| at > now)
    }
}

/// Everything [`crate::VtexClient::new`] needs.
#[derive(Debug, Clone)]
pub struct VtexConfig {
    /// Without a trailing `/`.
    pub base_url: String,
    /// The account name, when known.
    pub account: Option<String>,
    /// The rotation ring, in order.
    pub credentials: Vec<VtexCredential>,
    /// Per-attempt timeout (the request is cancelled when it expires).
    pub timeout: Duration,
    /// Retries after the first attempt (attempts = 1 + this).
    pub max_retries: u32,
    /// First backoff delay.
    pub retry_delay: Duration,
    /// Backoff cap.
    pub retry_max_delay: Duration,
    /// Longest `Retry-After` honoured inside a call; a longer one ends the call (transient).
    pub retry_after_max: Duration,
    /// Currency of an order whose document names none (`VTEX_DEFAULT_CURRENCY`).
    pub default_currency: String,
}

impl VtexConfig {
    /// A configuration with the documented defaults.
    pub fn new(base_url: &str, credentials: Vec<VtexCredential>) -> VtexConfig {
        VtexConfig {
            base_url: base_url.trim().trim_end_matches('/').to_owned(),
            account: None,
            credentials,
            timeout: Duration::from_millis(5_000),
            max_retries: 2,
            retry_delay: Duration::from_millis(250),
            retry_max_delay: Duration::from_millis(5_000),
            retry_after_max: Duration::from_millis(30_000),
            default_currency: DEFAULT_CURRENCY.to_owned(),
        }
    }

    /// Attempts per call (excluding the free retries of a credential rotation).
    pub fn max_attempts(&self) -> u32 {
        self.max_retries.saturating_add(1)
    }

    /// Reads the variables of the module table; problems are recorded on `env`.
    pub fn from_env(env: &mut Env) -> VtexConfig {
        let development = env.app_env().is_development();
        let account = env.var("VTEX_ACCOUNT").map(|a| a.trim().to_owned());
        let environment = env.var_or("VTEX_ENVIRONMENT", "vtexcommercestable");
        let base_url = match (env.var("VTEX_BASE_URL"), &account) {
            (Some(url), _) => url.trim().trim_end_matches('/').to_owned(),
            (None, Some(account)) => format!("https://{account}.{}.com.br", environment.trim()),
            (None, None) if development => DEV_BASE_URL.to_owned(),
            (None, None) => {
                env.problem("VTEX_BASE_URL or VTEX_ACCOUNT is required outside development");
                String::new()
            }
        };
        if !base_url.is_empty()
            && !url::Url::parse(&base_url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            env.problem(format!("VTEX_BASE_URL={base_url:?} is not an http(s) URL"));
        }

        let mut credentials = read_credentials(env);
        if credentials.is_empty() {
            if development {
                credentials.push(VtexCredential::new("primary", DEV_APP_KEY, DEV_APP_TOKEN));
            } else {
                env.problem(
                    "a VTEX credential is required outside development \
                     (VTEX_APP_KEY/VTEX_APP_TOKEN or VTEX_CREDENTIALS)",
                );
            }
        }

        let timeout_ms: u64 = env.var_parsed("VTEX_TIMEOUT_MS", 5_000);
        if timeout_ms < 100 {
            env.problem(format!("VTEX_TIMEOUT_MS={timeout_ms} is below 100"));
        }
        let max_retries: u32 = env.var_parsed("VTEX_MAX_RETRIES", 2);
        if max_retries > 10 {
            env.problem(format!("VTEX_MAX_RETRIES={max_retries} is above 10"));
        }
        let default_currency = env
            .var_or("VTEX_DEFAULT_CURRENCY", DEFAULT_CURRENCY)
            .trim()
            .to_uppercase();
        if default_currency.len() != 3 || !default_currency.bytes().all(|b| b.is_ascii_uppercase())
        {
            env.problem(format!(
                "VTEX_DEFAULT_CURRENCY={default_currency:?} is not an ISO 4217 code"
            ));
        }
        VtexConfig {
            base_url,
            account,
            credentials,
            timeout: Duration::from_millis(timeout_ms.max(100)),
            max_retries: max_retries.min(10),
            retry_delay: Duration::from_millis(env.var_parsed("VTEX_RETRY_DELAY_MS", 250)),
            retry_max_delay: Duration::from_millis(
                env.var_parsed("VTEX_RETRY_MAX_DELAY_MS", 5_000),
            ),
            retry_after_max: Duration::from_millis(
                env.var_parsed("VTEX_RETRY_AFTER_MAX_MS", 30_000),
            ),
            default_currency,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialEntry {
    app_key: Option<String>,
    app_token: Option<String>,
    label: Option<String>,
    expires_at: Option<String>,
}

fn pair(env: &mut Env, key_var: &str, token_var: &str, label: &str) -> Option<VtexCredential> {
    match (env.var(key_var), env.var(token_var)) {
        (Some(key), Some(token)) => Some(VtexCredential::new(label, key.trim(), &token)),
        (None, None) => None,
        _ => {
            env.problem(format!("{key_var} and {token_var} must be set together"));
            None
        }
    }
}

/// Primary, then `VTEX_CREDENTIALS`, then secondary; duplicates of an earlier key are skipped.
fn read_credentials(env: &mut Env) -> Vec<VtexCredential> {
    let mut list: Vec<VtexCredential> = Vec::new();
    if let Some(primary) = pair(env, "VTEX_APP_KEY", "VTEX_APP_TOKEN", "primary") {
        list.push(primary);
    }
    if let Some(raw) = env.var("VTEX_CREDENTIALS") {
        match serde_json::from_str::<Vec<CredentialEntry>>(&raw) {
            Err(err) => env.problem(format!(
                "VTEX_CREDENTIALS is not a JSON array of credentials (line {}, column {})",
                err.line(),
                err.column()
            )),
            Ok(entries) => {
                for (index, entry) in entries.into_iter().enumerate() {
                    let (Some(key), Some(token)) = (
                        entry.app_key.filter(|k| !k.trim().is_empty()),
                        entry.app_token.filter(|t| !t.is_empty()),
                    ) else {
                        continue;
                    };
                    let label = entry
                        .label
                        .unwrap_or_else(|| format!("credential-{}", index + 1));
                    let mut credential = VtexCredential::new(&label, key.trim(), &token);
                    if let Some(raw_at) = entry.expires_at {
                        match DateTime::parse_from_rfc3339(&raw_at) {
                            Ok(at) => credential.expires_at = Some(at.with_timezone(&Utc)),
                            Err(_) => env.problem(format!(
                                "VTEX_CREDENTIALS entry {label:?} has an invalid expiresAt"
                            )),
                        }
                    }
                    push_unique(&mut list, credential);
                }
            }
        }
    }
    if let Some(secondary) = pair(
        env,
        "VTEX_SECONDARY_APP_KEY",
        "VTEX_SECONDARY_APP_TOKEN",
        "secondary",
    ) {
        push_unique(&mut list, secondary);
    }
    list
}

fn push_unique(list: &mut Vec<VtexCredential>, credential: VtexCredential) {
    let duplicate = list.iter().any(|c| {
        c.app_key == credential.app_key
            && c.app_token.expose_secret() == credential.app_token.expose_secret()
    });
    if !duplicate {
        list.push(credential);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "VTEX_ACCOUNT" => Some("medipiel".into()),
            "VTEX_APP_KEY" => Some("key-a".into()),
            "VTEX_APP_TOKEN" => Some("token-a".into()),
            "VTEX_CREDENTIALS" => Some(
                r#"[{"appKey":"key-a","appToken":"token-a"},{"appKey":"key-b","appToken":"token-b","label":"rotated","expiresAt":"2030-01-01T00:00:00Z"},{"appKey":"key-c"}]"#
                    .into(),
            ),
            "VTEX_SECONDARY_APP_KEY" => Some("key-s".into()),
            "VTEX_SECONDARY_APP_TOKEN" => Some("token-s".into()),
            "VTEX_MAX_RETRIES" => Some("4".into()),
            _ => None,
        }
    }

    #[test]
    fn reads_the_ring_in_order() {
        let mut env = Env::with_lookup(production);
        let config = VtexConfig::from_env(&mut env);
        env.finish().unwrap();
        assert_eq!(
            config.base_url,
            "https://medipiel.vtexcommercestable.com.br"
        );
        let labels: Vec<_> = config
            .credentials
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, vec!["primary", "rotated", "secondary"]);
        assert!(config.credentials[1].expires_at.is_some());
        assert_eq!(config.max_attempts(), 5);
        assert_eq!(config.timeout, Duration::from_secs(5));
    }

    fn empty_production(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "VTEX_BASE_URL" => Some("not a url".into()),
            "VTEX_APP_KEY" => Some("lonely".into()),
            "VTEX_TIMEOUT_MS" => Some("10".into()),
            _ => None,
        }
    }

    #[test]
    fn refuses_incomplete_production_settings() {
        let mut env = Env::with_lookup(empty_production);
        let _ = VtexConfig::from_env(&mut env);
        let text = env.finish().unwrap_err().to_string();
        assert!(text.starts_with("4 configuration problems"), "{text}");
        assert!(text.contains("VTEX_APP_KEY and VTEX_APP_TOKEN"));
        assert!(text.contains("VTEX_TIMEOUT_MS=10"));
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let config = VtexConfig::new(
            "http://127.0.0.1:4710",
            vec![VtexCredential::new("primary", "key", "very-secret-token")],
        );
        let printed = format!("{config:?}");
        assert!(!printed.contains("very-secret-token"), "{printed}");
        assert!(printed.contains("primary"));
    }

    fn development(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            "VTEX_BASE_URL" => Some("http://127.0.0.1:4710/".into()),
            _ => None,
        }
    }

    #[test]
    fn development_defaults_to_the_sandbox() {
        let mut env = Env::with_lookup(development);
        let config = VtexConfig::from_env(&mut env);
        env.finish().unwrap();
        assert_eq!(config.base_url, DEV_BASE_URL);
        assert_eq!(config.credentials[0].app_key, DEV_APP_KEY);
        assert_eq!(config.default_currency, "COP");
    }

    #[test]
    fn the_default_currency_is_an_iso_code() {
        let usd = |name: &str| match name {
            "APP_ENV" => Some("development".into()),
            "VTEX_DEFAULT_CURRENCY" => Some(" usd ".into()),
            _ => None,
        };
        let mut env = Env::with_lookup(usd);
        assert_eq!(VtexConfig::from_env(&mut env).default_currency, "USD");
        env.finish().unwrap();

        let bad = |name: &str| match name {
            "APP_ENV" => Some("development".into()),
            "VTEX_DEFAULT_CURRENCY" => Some("pesos".into()),
            _ => None,
        };
        let mut env = Env::with_lookup(bad);
        let _ = VtexConfig::from_env(&mut env);
        let text = env.finish().unwrap_err().to_string();
        assert!(text.contains("VTEX_DEFAULT_CURRENCY"), "{text}");
    }
}
