//! Configuration from environment variables, gathered into per-concern structs.
//!
//! Every service builds its `Settings` with an [`Env`] reader, which records *every* missing or
//! invalid variable and fails once, listing them all. With `APP_ENV=development` the reader first
//! loads `.env` and then `.env.shared` (never overriding what is already set); elsewhere nothing is
//! read from files, and weak or default secrets are refused.
//!
//! | variable | meaning |
//! |---|---|
//! | `APP_ENV` | `development`, `test`, `qa`, `staging` or `production` (default `development`) |
//! | `DATABASE_URL`, `DATABASE_MAX_CONNECTIONS`, `DATABASE_STATEMENT_TIMEOUT_MS` | see [`DatabaseConfig`] |
//! | `REDIS_URL` | see [`RedisConfig`] |
//! | `LOG_FORMAT`, `OTEL_EXPORTER_OTLP_ENDPOINT` and the service's log level | see [`TelemetryConfig`] |

mod env;
mod errors;
mod sections;

pub use env::{AppEnv, Env};
pub use errors::ConfigErrors;
pub use secrecy::{ExposeSecret, SecretString};
pub use sections::{DatabaseConfig, LogFormat, RedisConfig, TelemetryConfig};
