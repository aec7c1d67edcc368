//! The seven steps of `operations.md` §5, one module each, in order. A step answers the detail
//! printed after `PASS` or the reason printed after `FAIL`; what a later step needs (the admin's
//! token) stays in the [`Session`].

pub mod admin_dashboard;
pub mod admin_sign_in;
pub mod alerts;
pub mod health;
pub mod register_influencer;
pub mod service_metrics;
pub mod settlement_dry_run;
pub mod web_withdrawal;

use crate::config::Config;
use crate::http::{Clients, StepResult};

/// Seconds since the Unix epoch; injected so tests can pin the instant.
pub type Clock = fn() -> u64;

/// The wall clock.
pub fn system_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// What the steps share.
pub struct Session<'a> {
    /// The run's configuration.
    pub config: &'a Config,
    /// The HTTP clients.
    pub clients: Clients,
    /// The instant source (TOTP, backup age, the dummy's address).
    pub now: Clock,
    /// Step 2's access token, used by the staff checks of later steps.
    pub admin_token: Option<String>,
}

impl Session<'_> {
    /// `path` (starting with `/`) on the api's origin, keeping any path prefix of `API_URL`.
    pub fn api(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.config.api_url.as_str().trim_end_matches('/')
        )
    }

    /// `path` on the web's origin.
    pub fn web(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.config.web_url.as_str().trim_end_matches('/')
        )
    }

    /// The admin's token; steps after 2 only run once it exists.
    pub fn admin_token(&self) -> StepResult<String> {
        self.admin_token
            .clone()
            .ok_or_else(|| "no admin session (step 2 did not pass)".to_owned())
    }
}

/// The steps, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 1. `GET /api/v1/health` → 200.
    Health,
    /// 2. The QA admin signs in with password and TOTP → JWT.
    AdminSignIn,
    /// 3. `GET /api/v1/dashboard/admin` → metrics and a non-empty `topInfluencers`.
    AdminDashboard,
    /// 4. `POST /api/v1/public/influencers` → `pending`.
    RegisterInfluencer,
    /// 5. `POST /api/v1/commissions/settlements/run {"dryRun": true}` → 200.
    SettlementDryRun,
    /// 6. A withdrawal through the web's wallet form, then listed by the api.
    WebWithdrawal,
    /// 7. No firing alerts (Prometheus) or no failures in the services' metrics.
    Alerts,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 7] = [
        Step::Health,
        Step::AdminSignIn,
        Step::AdminDashboard,
        Step::RegisterInfluencer,
        Step::SettlementDryRun,
        Step::WebWithdrawal,
        Step::Alerts,
    ];

    /// Its number in `operations.md` §5.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    /// Its name on the output line.
    pub fn title(self) -> &'static str {
        match self {
            Step::Health => "api health",
            Step::AdminSignIn => "admin sign-in (TOTP)",
            Step::AdminDashboard => "admin dashboard",
            Step::RegisterInfluencer => "influencer registration",
            Step::SettlementDryRun => "settlement dry run",
            Step::WebWithdrawal => "withdrawal through the web",
            Step::Alerts => "alerts",
        }
    }

    /// Runs it.
    pub async fn run(self, session: &mut Session<'_>) -> StepResult<String> {
        match self {
            Step::Health => health::run(session).await,
            Step::AdminSignIn => admin_sign_in::run(session).await,
            Step::AdminDashboard => admin_dashboard::run(session).await,
            Step::RegisterInfluencer => register_influencer::run(session).await,
            Step::SettlementDryRun => settlement_dry_run::run(session).await,
            Step::WebWithdrawal => web_withdrawal::run(session).await,
            Step::Alerts => alerts::run(session).await,
        }
    }
}
