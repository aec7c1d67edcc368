//! The api's configuration, read once at start-up; every problem is reported together.
//!
//! | variable | default |
//! |---|---|
//! | `API_HOST` / `PORT` | `127.0.0.1` / `8080` |
//! | `JWT_KEYS` | required outside development (`kid:base64secret,…`, ≥ 32 bytes each) |
//! | `JWT_ACCESS_TTL` / `JWT_REFRESH_TTL` / `REFRESH_FAMILY_MAX_AGE_DAYS` | 900 s / 604800 s / 30 |
//! | `DATA_ENCRYPTION_KEY` | required outside development (`kid:base64-32-bytes,…`) |
//! | `INTERNAL_API_TOKEN` | required outside development, ≥ 32 characters |
//! | `METRICS_API_KEY` | required outside development |
//! | `AUTH_REQUIRE_2FA_FOR_STAFF` | `true` outside development, `false` in development |
//! | `ARGON2_MEMORY_KIB` / `ARGON2_ITERATIONS` / `ARGON2_PARALLELISM` | 19456 / 2 / 1 |
//! | `ARGON2_MEMORY_BUDGET_MIB` | 64 (hashes at once = budget ÷ `ARGON2_MEMORY_KIB`; 3 by default; ADR 0026) |
//! | `LOGIN_LOCKOUT_THRESHOLD` / `LOGIN_LOCKOUT_MINUTES` | 5 / 15 |
//! | `PASSWORD_RESET_TTL_MINUTES` / `INVITATION_TTL_DAYS` | 60 / 7 |
//! | `RATE_LIMIT_LOGIN_PER_MIN` / `_REFRESH_` / `_PASSWORD_RESET_` / `_DEFAULT_` | 5 / 30 / 5 / 100 |
//! | `TRUSTED_PROXIES` | `127.0.0.0/8,::1/128` (the ingress' exact addresses; ranges wider than /16 refused outside development) |
//! | `WEB_FORWARDING_KEY` | development default; ≥ 32 characters elsewhere (shared with the web, ADR 0015) |
//! | `WEB_PUBLIC_URL` | `http://127.0.0.1:3000` (links in e-mails) |
//! | `API_PUBLIC_URL` | `http://127.0.0.1:8080` (links to public policy documents) |
//! | `QUEUE_NAMESPACE` | empty (tests prefix queues) |
//! | `RUN_MIGRATIONS_ON_START` | `false` (development only; migrates through `MIGRATION_DATABASE_URL`) |
//! | `MIGRATION_DATABASE_URL` | unset; the owner role's URL (ADR 0023), read by `migrate` and `RUN_MIGRATIONS_ON_START` |
//! | `TENANT_SLUG` | `medipiel` |
//! | `CORS_ORIGINS` | empty |
//! | onboarding (`STORAGE_*`, `UPLOAD_MAX_BYTES`, `VTEX_COUPON_UTM_SOURCE`, …) | see [`crate::onboarding_settings`] |
//! | alert groups (`MAIL_ALERT_GLOBAL`, `MAIL_ALERT_FINANCE`, `MAIL_ALERT_OPERATIONS`) | see [`crate::alert_settings`] |
//! | VTEX webhook (`VTEX_WEBHOOK_*`, `VTEX_HOOK_*`, `VTEX_ACCOUNT`, `RATE_LIMIT_WEBHOOK_PER_MIN`) | see [`crate::webhook_settings`] |

use afiliados_auth::Argon2Params;
use afiliados_config::{
    AppEnv, ConfigErrors, DatabaseConfig, Env, RedisConfig, SecretString, TelemetryConfig,
};
use ipnet::IpNet;

use crate::alert_settings::AlertRecipients;
use crate::onboarding_settings::OnboardingSettings;
use crate::payer_settings::PayerSettings;
use crate::settlement_schedule::SettlementSchedule;
use crate::webhook_settings::WebhookSettings;

// Development-only defaults; refused outside development by `Env::secret`.
const DEV_JWT_KEYS: &str = "dev1:ZGV2ZWxvcG1lbnQtb25seS1qd3Qta2V5LTAxMjM0NTY3ODk=";
const DEV_DATA_KEY: &str = "dev1:ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0wMTIzNDU=";
const DEV_INTERNAL_TOKEN: &str = "development-only-internal-token-0123456789";
/// Shared with the web's development default (`services/web/src/settings.rs`).
pub const DEV_WEB_FORWARDING_KEY: &str = "development-only-web-forwarding-key-0123456789";

/// Rate limits per minute.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    /// `POST /auth/login` per IP.
    pub login: u32,
    /// `POST /auth/refresh` per IP.
    pub refresh: u32,
    /// Forgot and reset per IP.
    pub password_reset: u32,
    /// Everything else, per IP or per user.
    pub default: u32,
}

/// Everything the api reads from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where it runs.
    pub app_env: AppEnv,
    /// Bind address.
    pub host: String,
    /// Bind port (0 in tests).
    pub port: u16,
    /// PostgreSQL.
    pub database: DatabaseConfig,
    /// Redis.
    pub redis: RedisConfig,
    /// Logs and traces.
    pub telemetry: TelemetryConfig,
    /// `JWT_KEYS`.
    pub jwt_keys: SecretString,
    /// Access token lifetime (s).
    pub access_ttl_seconds: i64,
    /// Refresh token lifetime (s).
    pub refresh_ttl_seconds: i64,
    /// Session absolute age (days).
    pub refresh_family_max_age_days: i64,
    /// `DATA_ENCRYPTION_KEY` ring.
    pub data_encryption_key: SecretString,
    /// Service token of the worker.
    pub internal_api_token: SecretString,
    /// `x-metrics-key` value; empty only in development.
    pub metrics_api_key: SecretString,
    /// 2FA mandatory for staff.
    pub require_2fa_for_staff: bool,
    /// argon2id parameters.
    pub argon2: Argon2Params,
    /// Hashes that may run at once (`ARGON2_MEMORY_BUDGET_MIB` ÷ memory per hash); one more
    /// answers 503 `server_busy` (ADR 0026).
    pub password_hashing_slots: usize,
    /// Failures before lockout.
    pub lockout_threshold: i32,
    /// Lockout length.
    pub lockout_minutes: i64,
    /// Reset token lifetime.
    pub password_reset_ttl_minutes: i64,
    /// Invitation token lifetime.
    pub invitation_ttl_days: i64,
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// Proxies whose `X-Forwarded-For` is believed: the ingress in front of `/api/v1` (ADR 0015).
    pub trusted_proxies: Vec<IpNet>,
    /// Shared with the web: a request carrying it in `X-Afiliados-Forwarding-Key` states the
    /// browser's address in `X-Afiliados-Client-Ip` (ADR 0015).
    pub web_forwarding_key: SecretString,
    /// The web's public origin, for links in e-mails.
    pub web_public_url: String,
    /// The api's public origin, for links to public documents.
    pub api_public_url: String,
    /// Prefix of every queue name.
    pub queue_namespace: String,
    /// Apply pending migrations at `serve` (development only).
    pub run_migrations_on_start: bool,
    /// The owner role's URL (`MIGRATION_DATABASE_URL`, ADR 0023); `serve` reads it only to
    /// migrate on start.
    pub migration_database_url: Option<SecretString>,
    /// The tenant this deployment serves.
    pub tenant_slug: String,
    /// Allowed CORS origins.
    pub cors_origins: Vec<String>,
    /// Storage, uploads, VTEX coupon fields, business holidays, registration limit.
    pub onboarding: OnboardingSettings,
    /// The VTEX webhook's authentication and failed-authentication limit.
    pub webhook: WebhookSettings,
    /// Addresses of the staff alert groups (finance, operations, global).
    pub alert_recipients: AlertRecipients,
    /// Thresholds of the operational checks and retention (`ALERT_DEDUP_MINUTES`, …).
    pub alert_checks: crate::alert_check_settings::AlertCheckSettings,
    /// The payer printed on withholding certificates (`PAYER_*`, ADR 0050).
    pub payer: PayerSettings,
    /// `SETTLEMENT_CRON` (the worker ticks it; the finance dashboard says when); `None`: disabled.
    pub settlement_schedule: Option<SettlementSchedule>,
    /// Dual control of payments.
    pub payments: crate::payment_settings::PaymentSettings,
    /// Reconciliation tolerance and VTEX list page size.
    pub reconciliation: crate::reconciliation_settings::ReconciliationSettings,
}

impl Settings {
    /// Reads and validates every variable, reporting all problems at once.
    pub fn from_env() -> Result<Settings, ConfigErrors> {
        Settings::read(Env::load())
    }

    /// Same, from a given reader (tests).
    pub fn read(mut env: Env) -> Result<Settings, ConfigErrors> {
        let app_env = env.app_env();
        let dev = app_env.is_development();
        let jwt_keys = env.secret("JWT_KEYS", 1, Some(DEV_JWT_KEYS));
        let data_encryption_key = env.secret("DATA_ENCRYPTION_KEY", 1, Some(DEV_DATA_KEY));
        let metrics_api_key = if dev {
            SecretString::from(env.var_or("METRICS_API_KEY", ""))
        } else {
            env.secret("METRICS_API_KEY", 24, None)
        };
        let trusted_proxies = env.trusted_proxies("TRUSTED_PROXIES", "127.0.0.0/8,::1/128");
        let web_forwarding_key = env.secret("WEB_FORWARDING_KEY", 32, Some(DEV_WEB_FORWARDING_KEY));
        let argon2 = Argon2Params {
            memory_kib: env.var_parsed("ARGON2_MEMORY_KIB", 19_456),
            iterations: env.var_parsed("ARGON2_ITERATIONS", 2),
            parallelism: env.var_parsed("ARGON2_PARALLELISM", 1),
        };
        let password_hashing_slots =
            env.memory_slots("ARGON2_MEMORY_BUDGET_MIB", 64, argon2.memory_kib);
        let settings = Settings {
            app_env,
            host: env.var_or("API_HOST", "127.0.0.1"),
            port: env.var_parsed("PORT", 8080),
            database: DatabaseConfig::from_env(&mut env),
            redis: RedisConfig::from_env(&mut env),
            telemetry: TelemetryConfig::from_env(
                &mut env,
                "marketing-afiliados-api",
                "API_LOG_LEVEL",
            ),
            jwt_keys,
            access_ttl_seconds: env.var_parsed("JWT_ACCESS_TTL", 900),
            refresh_ttl_seconds: env.var_parsed("JWT_REFRESH_TTL", 604_800),
            refresh_family_max_age_days: env.var_parsed("REFRESH_FAMILY_MAX_AGE_DAYS", 30),
            data_encryption_key,
            internal_api_token: env.secret("INTERNAL_API_TOKEN", 32, Some(DEV_INTERNAL_TOKEN)),
            metrics_api_key,
            require_2fa_for_staff: env.var_bool("AUTH_REQUIRE_2FA_FOR_STAFF", !dev),
            argon2,
            password_hashing_slots,
            lockout_threshold: env.var_parsed("LOGIN_LOCKOUT_THRESHOLD", 5),
            lockout_minutes: env.var_parsed("LOGIN_LOCKOUT_MINUTES", 15),
            password_reset_ttl_minutes: env.var_parsed("PASSWORD_RESET_TTL_MINUTES", 60),
            invitation_ttl_days: env.var_parsed("INVITATION_TTL_DAYS", 7),
            rate_limits: RateLimits {
                login: env.var_parsed("RATE_LIMIT_LOGIN_PER_MIN", 5),
                refresh: env.var_parsed("RATE_LIMIT_REFRESH_PER_MIN", 30),
                password_reset: env.var_parsed("RATE_LIMIT_PASSWORD_RESET_PER_MIN", 5),
                default: env.var_parsed("RATE_LIMIT_DEFAULT_PER_MIN", 100),
            },
            trusted_proxies,
            web_forwarding_key,
            web_public_url: env.var_or("WEB_PUBLIC_URL", "http://127.0.0.1:3000"),
            api_public_url: env.var_or("API_PUBLIC_URL", "http://127.0.0.1:8080"),
            queue_namespace: env.var_or("QUEUE_NAMESPACE", ""),
            run_migrations_on_start: env.var_bool("RUN_MIGRATIONS_ON_START", false),
            migration_database_url: env.var("MIGRATION_DATABASE_URL").map(SecretString::from),
            tenant_slug: env.var_or("TENANT_SLUG", "medipiel"),
            cors_origins: env
                .var_or("CORS_ORIGINS", "")
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            onboarding: OnboardingSettings::from_env(&mut env),
            webhook: WebhookSettings::from_env(&mut env),
            alert_recipients: AlertRecipients::from_env(&mut env),
            alert_checks: crate::alert_check_settings::AlertCheckSettings::from_env(&mut env),
            payer: PayerSettings::from_env(&mut env),
            settlement_schedule: SettlementSchedule::from_env(&mut env),
            payments: crate::payment_settings::PaymentSettings::from_env(&mut env),
            reconciliation: crate::reconciliation_settings::ReconciliationSettings::from_env(
                &mut env,
            ),
        };
        if settings.run_migrations_on_start && !dev {
            env.problem("RUN_MIGRATIONS_ON_START=true is allowed only in development");
        }
        if settings.run_migrations_on_start && settings.migration_database_url.is_none() {
            env.problem(
                "RUN_MIGRATIONS_ON_START=true needs MIGRATION_DATABASE_URL (the owner role's URL)",
            );
        }
        settings.check_key_rings(&mut env);
        env.finish()?;
        Ok(settings)
    }

    // Key rings are composite secrets: parse them here so a malformed ring is one more listed
    // problem instead of a crash later.
    fn check_key_rings(&self, env: &mut Env) {
        use afiliados_config::ExposeSecret;
        let min_jwt = if self.app_env.is_development() {
            16
        } else {
            32
        };
        if let Err(error) =
            afiliados_auth::JwtKeyRing::parse(self.jwt_keys.expose_secret(), min_jwt)
        {
            env.problem(format!("JWT_KEYS: {error}"));
        }
        if let Err(error) =
            afiliados_crypto::KeyRing::parse(self.data_encryption_key.expose_secret())
        {
            env.problem(format!("DATA_ENCRYPTION_KEY: {error}"));
        }
        if !self.app_env.is_development() {
            for (name, value) in [
                ("JWT_KEYS", self.jwt_keys.expose_secret()),
                (
                    "DATA_ENCRYPTION_KEY",
                    self.data_encryption_key.expose_secret(),
                ),
            ] {
                if value.contains("ZGV2ZWxvcG1lbnQtb25seS") {
                    env.problem(format!(
                        "{name} is too weak outside development (the development default)"
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use afiliados_config::Env;

    use super::Settings;

    fn production_with_weak_secrets(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "DATABASE_URL" => Some("postgres://u:p@db/afiliados".into()),
            "PORT" => Some("80x".into()),
            "JWT_KEYS" => Some("dev1:ZGV2ZWxvcG1lbnQtb25seS1qd3Qta2V5LTAxMjM0NTY3ODk=".into()),
            "INTERNAL_API_TOKEN" => Some("short".into()),
            "TRUSTED_PROXIES" => Some("not-a-cidr".into()),
            _ => None,
        }
    }

    #[test]
    fn production_lists_every_problem_at_once() {
        let errors = Settings::read(Env::with_lookup(production_with_weak_secrets)).unwrap_err();
        let text = errors.to_string();
        for expected in [
            "PORT=\"80x\" is not a valid port",
            "REDIS_URL is missing",
            "DATA_ENCRYPTION_KEY is missing",
            "METRICS_API_KEY is missing",
            "INTERNAL_API_TOKEN is too weak",
            "JWT_KEYS is too weak outside development (the development default)",
            "TRUSTED_PROXIES entry \"not-a-cidr\"",
            "WEB_FORWARDING_KEY is missing",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
        // An unconfigured payer does not stop the api (ADR 0053): certificates refuse instead.
        assert!(!text.contains("PAYER_"), "{text}");
        assert!(
            !text.contains("ZGV2ZWxvcG1lbnQ"),
            "secret values never appear in the message"
        );
    }

    fn development_defaults(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            "DATABASE_URL" => Some("postgres://postgres@127.0.0.1/afiliados_dev".into()),
            "REDIS_URL" => Some("redis://127.0.0.1:6379".into()),
            _ => None,
        }
    }

    #[test]
    fn development_starts_with_its_defaults() {
        let settings = Settings::read(Env::with_lookup(development_defaults)).unwrap();
        assert_eq!(settings.port, 8080);
        assert!(!settings.require_2fa_for_staff);
        assert_eq!(settings.rate_limits.login, 5);
        assert_eq!(
            settings.password_hashing_slots, 3,
            "64 MiB of 19 MiB hashes"
        );
    }
}
