//! `Settings::for_tests`: the one api configuration every test suite starts from (the api's own
//! tests and `afiliados-e2e`). Built only with the `test-support` feature, which only
//! dev-dependencies enable, so the production binary carries neither this constructor nor the
//! test keys of `afiliados-testkit`.

use std::path::PathBuf;

use afiliados_auth::Argon2Params;
use afiliados_config::{
    AppEnv, DatabaseConfig, LogFormat, RedisConfig, SecretString, TelemetryConfig,
};
use afiliados_testkit::keys;

use crate::alert_settings::AlertRecipients;
use crate::onboarding_settings::OnboardingSettings;
use crate::payer_settings::PayerSettings;
use crate::settings::{RateLimits, Settings};
use crate::settlement_schedule::SettlementSchedule;
use crate::webhook_settings::{DEV_WEBHOOK_SECRET, WebhookAuthMode, WebhookSettings};

/// The hook header value of the test configuration.
pub const TEST_HOOK_HEADER_VALUE: &str = "test-hook-header-value-0123456789abcdef";

/// The finance alert group of the test configuration.
pub const TEST_FINANCE_ALERTS: &str = "finanzas-alertas@medipiel.test";

/// The payer's legal name of the test configuration.
pub const TEST_PAYER_LEGAL_NAME: &str = "Medipiel S.A.S. (pruebas)";

/// The payer's NIT of the test configuration.
pub const TEST_PAYER_NIT: &str = "900123456-7";

/// Limits high enough that no test meets them by accident; a rate-limit test lowers one field.
const GENEROUS_LIMIT: u32 = 1000;

impl Settings {
    /// An api on 127.0.0.1, port 0, against `database_url` (a `TestDb`), the shared test Redis
    /// (`TEST_REDIS_URL`) under `queue_namespace`, storing files under `storage_dir`. Argon2 is
    /// cheap, 2FA is optional for staff, every limit is generous and `127.0.0.0/8` is a trusted
    /// proxy (tests pick their client address with `X-Forwarded-For`). Tests change single
    /// fields afterwards (`settings.rate_limits.login = 5`).
    pub fn for_tests(
        database_url: &str,
        queue_namespace: &str,
        storage_dir: impl Into<PathBuf>,
    ) -> Settings {
        Settings {
            app_env: AppEnv::Test,
            host: "127.0.0.1".into(),
            port: 0,
            database: DatabaseConfig {
                url: SecretString::from(database_url.to_owned()),
                max_connections: 8,
                statement_timeout_ms: 10_000,
            },
            redis: RedisConfig {
                url: SecretString::from(afiliados_testkit::redis::redis_url()),
            },
            telemetry: TelemetryConfig {
                service_name: "test".into(),
                log_format: LogFormat::Json,
                log_level: "warn".into(),
                otlp_endpoint: None,
            },
            jwt_keys: SecretString::from(keys::JWT_NEW.to_owned()),
            access_ttl_seconds: 900,
            refresh_ttl_seconds: 604_800,
            refresh_family_max_age_days: 30,
            data_encryption_key: SecretString::from(keys::DATA_KEY.to_owned()),
            internal_api_token: SecretString::from(keys::INTERNAL_TOKEN.to_owned()),
            metrics_api_key: SecretString::from(keys::METRICS_KEY.to_owned()),
            require_2fa_for_staff: false,
            argon2: Argon2Params {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
            // Parallel requests of one test never meet the bound; the bound's own test lowers it.
            password_hashing_slots: 8,
            lockout_threshold: 5,
            lockout_minutes: 15,
            password_reset_ttl_minutes: 60,
            invitation_ttl_days: 7,
            rate_limits: RateLimits {
                login: GENEROUS_LIMIT,
                refresh: GENEROUS_LIMIT,
                password_reset: GENEROUS_LIMIT,
                default: GENEROUS_LIMIT,
            },
            trusted_proxies: vec![ipnet::IpNet::V4(ipnet::Ipv4Net::new_assert(
                std::net::Ipv4Addr::new(127, 0, 0, 0),
                8,
            ))],
            web_forwarding_key: SecretString::from(keys::WEB_FORWARDING_KEY.to_owned()),
            web_public_url: "http://127.0.0.1:3000".into(),
            api_public_url: "http://127.0.0.1:8080".into(),
            queue_namespace: queue_namespace.to_owned(),
            run_migrations_on_start: false,
            migration_database_url: None,
            tenant_slug: "medipiel".into(),
            cors_origins: vec![],
            onboarding: OnboardingSettings::for_tests(storage_dir),
            // The development secret, so the fixtures' documented signatures verify; the hook
            // header and origin of the fixtures (`fixtures/vtex/README.md`).
            webhook: WebhookSettings {
                auth: WebhookAuthMode::Either,
                secret: Some(SecretString::from(DEV_WEBHOOK_SECRET.to_owned())),
                hook_header_name: "x-afiliados-hook-key".into(),
                hook_header_value: Some(SecretString::from(TEST_HOOK_HEADER_VALUE.to_owned())),
                account: Some("medipiel".into()),
                allowed_keys: vec!["vtexappkey-medipiel-KQZTRB".into()],
                failed_auth_per_min: GENEROUS_LIMIT,
            },
            // One finance address, so alerts to the finance group have a recipient.
            alert_recipients: AlertRecipients {
                finance: vec![TEST_FINANCE_ALERTS.to_owned()],
                ..AlertRecipients::default()
            },
            alert_checks: crate::alert_check_settings::AlertCheckSettings::default(),
            // A payer the withholding certificate tests find printed.
            payer: PayerSettings {
                legal_name: TEST_PAYER_LEGAL_NAME.into(),
                nit: TEST_PAYER_NIT.into(),
                address: "Calle 100 # 10-20".into(),
                city: "Bogotá D.C.".into(),
            },
            settlement_schedule: SettlementSchedule::default_schedule(),
            payments: crate::payment_settings::PaymentSettings::default(),
            reconciliation: crate::reconciliation_settings::ReconciliationSettings::default(),
        }
    }
}
