//! [`UseCaseContext`]: what a use case may use besides its connection and its inputs — the
//! tenant, the clock, the key rings, the password hasher, object storage and the settings values
//! business rules read ([`UseCaseSettings`]). Nothing HTTP: no request, no pool, no rate limiter.
//!
//! A handler gets one from the api state's `use_case_context()`; seeds, tools and tests build it
//! from its public fields. It only borrows, so it is `Copy` and free to pass around.

use afiliados_auth::{HashingPool, JwtKeyRing};
use afiliados_crypto::KeyRing;
use afiliados_domain::Clock;
use afiliados_storage::ObjectStore;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::alert_settings::AlertRecipients;
use crate::onboarding_settings::OnboardingSettings;
use crate::payer_settings::PayerSettings;
use crate::settings::Settings;
use crate::settlement_schedule::SettlementSchedule;

/// The settings values business rules read, copied once from [`Settings`] at start-up (no
/// secrets, no addresses, no HTTP limits).
#[derive(Debug, Clone)]
pub struct UseCaseSettings {
    /// `WEB_PUBLIC_URL`: links in e-mails.
    pub web_public_url: String,
    /// `API_PUBLIC_URL`: links to public policy documents.
    pub api_public_url: String,
    /// `TENANT_SLUG`.
    pub tenant_slug: String,
    /// `JWT_ACCESS_TTL`, seconds.
    pub access_ttl_seconds: i64,
    /// `JWT_REFRESH_TTL`, seconds.
    pub refresh_ttl_seconds: i64,
    /// `REFRESH_FAMILY_MAX_AGE_DAYS`.
    pub refresh_family_max_age_days: i64,
    /// `AUTH_REQUIRE_2FA_FOR_STAFF`.
    pub require_2fa_for_staff: bool,
    /// `LOGIN_LOCKOUT_THRESHOLD`.
    pub lockout_threshold: i32,
    /// `LOGIN_LOCKOUT_MINUTES`.
    pub lockout_minutes: i64,
    /// `PASSWORD_RESET_TTL_MINUTES`.
    pub password_reset_ttl_minutes: i64,
    /// `INVITATION_TTL_DAYS`.
    pub invitation_ttl_days: i64,
    /// Onboarding: upload limits, VTEX coupon fields, `BUSINESS_HOLIDAYS`, …
    pub onboarding: OnboardingSettings,
    /// `MAIL_ALERT_*`: who receives the e-mails of each staff alert group.
    pub alert_recipients: AlertRecipients,
    /// `ALERT_DEDUP_MINUTES`, `JOB_DELAY_ALERT_MINUTES`, …: the operational checks' thresholds.
    pub alert_checks: crate::alert_check_settings::AlertCheckSettings,
    /// `PAYER_*`: the payer printed on withholding certificates.
    pub payer: PayerSettings,
    /// `SETTLEMENT_CRON`: when the next settlement runs (`None`: disabled).
    pub settlement_schedule: Option<SettlementSchedule>,
    /// `PAYMENTS_*`: dual control of payments.
    pub payments: crate::payment_settings::PaymentSettings,
    /// `RECONCILIATION_TOLERANCE_PERCENT`, `VTEX_RECONCILIATION_PAGE_SIZE`.
    pub reconciliation: crate::reconciliation_settings::ReconciliationSettings,
}

impl UseCaseSettings {
    /// The business values of the api's settings.
    pub fn from_settings(settings: &Settings) -> UseCaseSettings {
        UseCaseSettings {
            web_public_url: settings.web_public_url.clone(),
            api_public_url: settings.api_public_url.clone(),
            tenant_slug: settings.tenant_slug.clone(),
            access_ttl_seconds: settings.access_ttl_seconds,
            refresh_ttl_seconds: settings.refresh_ttl_seconds,
            refresh_family_max_age_days: settings.refresh_family_max_age_days,
            require_2fa_for_staff: settings.require_2fa_for_staff,
            lockout_threshold: settings.lockout_threshold,
            lockout_minutes: settings.lockout_minutes,
            password_reset_ttl_minutes: settings.password_reset_ttl_minutes,
            invitation_ttl_days: settings.invitation_ttl_days,
            onboarding: settings.onboarding.clone(),
            alert_recipients: settings.alert_recipients.clone(),
            alert_checks: settings.alert_checks.clone(),
            payer: settings.payer.clone(),
            settlement_schedule: settings.settlement_schedule.clone(),
            payments: settings.payments.clone(),
            reconciliation: settings.reconciliation.clone(),
        }
    }
}

/// Everything a use case may reach besides its connection and inputs.
#[derive(Clone, Copy)]
pub struct UseCaseContext<'a> {
    /// The tenant of this deployment; every row a use case reads or writes belongs to it.
    pub tenant_id: Uuid,
    /// "Now" — never `Utc::now()`, so tests pin dates.
    pub clock: &'a dyn Clock,
    /// Data encryption keys (TOTP secrets, bank accounts, documents).
    pub data_keys: &'a KeyRing,
    /// argon2id on the bounded pool (ADR 0026): answers `Busy` when every slot is taken.
    pub passwords: &'a HashingPool,
    /// Access-token signing keys.
    pub jwt: &'a JwtKeyRing,
    /// KYC documents and exports.
    pub storage: &'a ObjectStore,
    /// The settings values business rules read.
    pub settings: &'a UseCaseSettings,
}

impl UseCaseContext<'_> {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's business date in `America/Bogota`.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

impl std::fmt::Debug for UseCaseContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UseCaseContext")
            .field("tenant_id", &self.tenant_id)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}
