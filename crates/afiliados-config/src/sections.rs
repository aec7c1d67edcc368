//! Per-concern configuration structs shared by the services.

use secrecy::{ExposeSecret, SecretString};

use crate::Env;

/// PostgreSQL (api only; the worker hands a URL to `pg_dump` for backups).
///
/// | variable | default |
/// |---|---|
/// | `DATABASE_URL` | required |
/// | `DATABASE_MAX_CONNECTIONS` | 16 |
/// | `DATABASE_STATEMENT_TIMEOUT_MS` | 15000 |
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// Connection URL; a secret because it may carry a password.
    pub url: SecretString,
    /// Pool size.
    pub max_connections: usize,
    /// `statement_timeout` set on every new connection.
    pub statement_timeout_ms: u64,
}

impl DatabaseConfig {
    /// Reads the section.
    pub fn from_env(env: &mut Env) -> DatabaseConfig {
        DatabaseConfig {
            url: SecretString::from(env.required_var("DATABASE_URL")),
            max_connections: env.var_parsed("DATABASE_MAX_CONNECTIONS", 16),
            statement_timeout_ms: env.var_parsed("DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
        }
    }

    /// Host and database name only, for start-up logs.
    pub fn redacted(&self) -> String {
        redact_url(self.url.expose_secret())
    }
}

/// Redis (queues and rate-limit windows).
///
/// | variable | default |
/// |---|---|
/// | `REDIS_URL` | required |
#[derive(Debug, Clone)]
pub struct RedisConfig {
    /// `redis://host:port/db`.
    pub url: SecretString,
}

impl RedisConfig {
    /// Reads the section.
    pub fn from_env(env: &mut Env) -> RedisConfig {
        RedisConfig {
            url: SecretString::from(env.required_var("REDIS_URL")),
        }
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line (default).
    Json,
    /// Human-friendly, for local work.
    Pretty,
}

/// Logs and traces.
///
/// | variable | default |
/// |---|---|
/// | `LOG_FORMAT` | `json` (`pretty` for local work) |
/// | `<level_var>` (`API_LOG_LEVEL`, `WEB_LOG_LEVEL`, `WORKER_LOG_LEVEL`) | `info` |
/// | `OTEL_EXPORTER_OTLP_ENDPOINT` | unset: no trace export |
#[derive(Debug, Clone)]
pub struct TelemetryConfig {
    /// `marketing-afiliados-<service>`.
    pub service_name: String,
    /// Output format.
    pub log_format: LogFormat,
    /// `tracing` filter directive.
    pub log_level: String,
    /// OTLP/HTTP collector, when set.
    pub otlp_endpoint: Option<String>,
}

impl TelemetryConfig {
    /// Reads the section for one service.
    pub fn from_env(env: &mut Env, service_name: &str, level_var: &str) -> TelemetryConfig {
        let log_format = match env.var_or("LOG_FORMAT", "json").as_str() {
            "json" => LogFormat::Json,
            "pretty" => LogFormat::Pretty,
            other => {
                env.problem(format!("LOG_FORMAT={other:?} is not json or pretty"));
                LogFormat::Json
            }
        };
        TelemetryConfig {
            service_name: service_name.to_owned(),
            log_format,
            log_level: env.var_or(level_var, "info"),
            otlp_endpoint: env.var("OTEL_EXPORTER_OTLP_ENDPOINT"),
        }
    }
}

/// `postgres://user:pass@host:5432/db?x` → `host:5432/db`.
pub(crate) fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(url) => format!(
            "{}{}{}",
            url.host_str().unwrap_or("?"),
            url.port().map(|p| format!(":{p}")).unwrap_or_default(),
            url.path()
        ),
        Err(_) => "<unparsable url>".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redaction_drops_credentials() {
        assert_eq!(
            super::redact_url("postgres://u:secret@db:5432/afiliados?sslmode=require"),
            "db:5432/afiliados"
        );
    }
}
