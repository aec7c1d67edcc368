//! The web's configuration, read once at start-up from the environment.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `WEB_HOST` | `127.0.0.1` | address to bind |
//! | `WEB_PORT` | `3000` | port to bind (`0` picks a free one, for tests) |
//! | `WEB_API_BASE_URL` | required (`http://127.0.0.1:8080` in development) | the api's origin |
//! | `WEB_API_TIMEOUT_MS` | `10000` | timeout of one api call |
//! | `WEB_SESSION_KEY` | required outside development (≥ 64 characters) | session cookie encryption key |
//! | `WEB_PUBLIC_URL` | `http://<host>:<port>` | the browser-facing origin |
//! | `WEB_TRUSTED_PROXIES` | `127.0.0.0/8,::1/128` | the proxies in front of the web (the ingress' exact addresses) whose `X-Forwarded-For` is believed; ranges wider than /16 refused outside development (ADR 0015) |
//! | `WEB_FORWARDING_KEY` | required outside development (≥ 32 characters) | shared with the api: proves the browser address the web forwards (ADR 0015) |
//! | `LOG_FORMAT`, `WEB_LOG_LEVEL`, `OTEL_EXPORTER_OTLP_ENDPOINT` | see `TelemetryConfig` | logs and traces |

use std::time::Duration;

use actix_web::cookie::Key;
use afiliados_config::{ConfigErrors, Env, ExposeSecret, SecretString, TelemetryConfig};
use sha2::{Digest, Sha512};

/// A committed development key; `Env::secret` refuses it outside development.
const DEV_SESSION_KEY: &str =
    "dev-only-web-session-key-dev-only-web-session-key-dev-only-web-session-key";

/// Shared with the api's development default (`services/api/src/settings.rs`).
const DEV_WEB_FORWARDING_KEY: &str = "development-only-web-forwarding-key-0123456789";

/// Everything the web needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to bind.
    pub host: String,
    /// Port to bind; 0 lets the OS choose.
    pub port: u16,
    /// The api's origin, such as `http://127.0.0.1:8080`.
    pub api_base_url: String,
    /// Timeout of one api call.
    pub api_timeout: Duration,
    /// Raw session key; see [`Settings::cookie_key`].
    pub session_key: SecretString,
    /// The browser-facing origin (links in pages).
    pub public_url: String,
    /// Development or test: plain-http cookies, no HSTS.
    pub development: bool,
    /// Proxies in front of the web whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<afiliados_telemetry::client_address::IpNet>,
    /// Sent with each forwarded browser address so the api believes it.
    pub forwarding_key: SecretString,
    /// Logs and traces.
    pub telemetry: TelemetryConfig,
}

impl Settings {
    /// Reads every variable and reports all problems at once.
    pub fn from_env() -> Result<Settings, ConfigErrors> {
        Settings::from_reader(Env::load())
    }

    /// Reads from any [`Env`] (tests pass a fixed lookup).
    pub fn from_reader(mut env: Env) -> Result<Settings, ConfigErrors> {
        let development = env.app_env().is_development();
        let host = env.var_or("WEB_HOST", "127.0.0.1");
        let port = env.var_parsed("WEB_PORT", 3000_u16);
        let api_base_url = if development {
            env.var_or("WEB_API_BASE_URL", "http://127.0.0.1:8080")
        } else {
            env.required_var("WEB_API_BASE_URL")
        };
        if !api_base_url.is_empty() && url::Url::parse(&api_base_url).is_err() {
            env.problem(format!("WEB_API_BASE_URL={api_base_url:?} is not a URL"));
        }
        let api_timeout = Duration::from_millis(env.var_parsed("WEB_API_TIMEOUT_MS", 10_000_u64));
        let session_key = env.secret("WEB_SESSION_KEY", 64, Some(DEV_SESSION_KEY));
        let public_url = env.var_or("WEB_PUBLIC_URL", &format!("http://{host}:{port}"));
        let trusted_proxies = env.trusted_proxies("WEB_TRUSTED_PROXIES", "127.0.0.0/8,::1/128");
        let forwarding_key = env.secret("WEB_FORWARDING_KEY", 32, Some(DEV_WEB_FORWARDING_KEY));
        let telemetry =
            TelemetryConfig::from_env(&mut env, "marketing-afiliados-web", "WEB_LOG_LEVEL");
        env.finish()?;
        Ok(Settings {
            host,
            port,
            api_base_url,
            api_timeout,
            session_key,
            public_url,
            development,
            trusted_proxies,
            forwarding_key,
            telemetry,
        })
    }

    /// A 64-byte cookie key: the secret itself when it is exactly 64 bytes, else its SHA-512, so
    /// any long passphrase works without padding rules.
    pub fn cookie_key(&self) -> Key {
        Key::from(&derive_key_bytes(
            self.session_key.expose_secret().as_bytes(),
        ))
    }
}

fn derive_key_bytes(secret: &[u8]) -> [u8; 64] {
    let mut bytes = [0_u8; 64];
    if secret.len() == 64 {
        bytes.copy_from_slice(secret);
    } else {
        bytes.copy_from_slice(&Sha512::digest(secret));
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "WEB_SESSION_KEY" => Some("short".into()),
            _ => None,
        }
    }

    fn development(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            "WEB_PORT" => Some("0".into()),
            _ => None,
        }
    }

    #[test]
    fn production_requires_api_url_and_strong_key() {
        let errors = Settings::from_reader(Env::with_lookup(production))
            .unwrap_err()
            .to_string();
        assert!(errors.contains("WEB_API_BASE_URL is missing"), "{errors}");
        assert!(errors.contains("WEB_SESSION_KEY is too weak"), "{errors}");
        assert!(errors.contains("WEB_FORWARDING_KEY is missing"), "{errors}");
    }

    #[test]
    fn development_has_defaults() {
        let settings = Settings::from_reader(Env::with_lookup(development)).unwrap();
        assert_eq!(settings.port, 0);
        assert_eq!(settings.api_base_url, "http://127.0.0.1:8080");
        assert!(settings.development);
        // In development the web trusts loopback as a proxy, as the api does.
        assert_eq!(
            settings.trusted_proxies,
            vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()]
        );
    }

    #[test]
    fn key_derivation_keeps_64_bytes_and_hashes_the_rest() {
        let exact = [7_u8; 64];
        assert_eq!(derive_key_bytes(&exact), exact);
        let hashed = derive_key_bytes(b"a passphrase of another length");
        assert_ne!(hashed, [0_u8; 64]);
        assert_eq!(hashed, derive_key_bytes(b"a passphrase of another length"));
    }
}
