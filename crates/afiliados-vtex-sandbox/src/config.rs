//! What the sandbox needs to start, from code (tests) or from the environment (the binary).
//!
//! | variable | default |
//! |---|---|
//! | `VTEX_SANDBOX_HOST` | `127.0.0.1` |
//! | `VTEX_SANDBOX_PORT` | `4710` (`0` picks a free port) |
//! | `VTEX_SANDBOX_ACCOUNT` | `medipiel` |
//! | `VTEX_SANDBOX_CREDENTIALS` | `[{"appKey":"vtexappkey-medipiel-KQZTRB","appToken":"dev-token"}]` |
//! | `VTEX_SANDBOX_ADMIN_TOKEN` | unset: `/_sandbox` is open |
//! | `VTEX_SANDBOX_SEED` | `empty` (`empty`, `demo` or `fixtures`) |
//! | `VTEX_SANDBOX_FIXTURES_DIR` | the repository's `fixtures/vtex`, else `../shared/fixtures/vtex` |
//! | `VTEX_SANDBOX_MAX_PAGES` | `30` |
//! | `VTEX_SANDBOX_RANDOM_SEED` | `42` |
//! | `VTEX_SANDBOX_HOOK_TARGET` | `http://127.0.0.1:8080/api/v1/vtex/webhooks/orders` (unset in [`SandboxConfig::default`]) |
//! | `VTEX_SANDBOX_WEBHOOK_SECRET` | `dev-vtex-webhook-secret` |
//! | `VTEX_SANDBOX_HOOK_HEADER_NAME` | `X-Afiliados-Hook-Key` |
//! | `VTEX_SANDBOX_HOOK_HEADER_VALUE` | unset: hooks carry no hook header |

use std::path::{Path, PathBuf};

use afiliados_config::Env;
use serde::Deserialize;

/// App key of the default development credential (the fixtures' hook origin key).
pub const DEV_APP_KEY: &str = "vtexappkey-medipiel-KQZTRB";
/// App token of the default development credential.
pub const DEV_APP_TOKEN: &str = "dev-token";

/// Where hooks and pushes go by default: the api's webhook route on its default port.
pub const DEFAULT_HOOK_TARGET: &str = "http://127.0.0.1:8080/api/v1/vtex/webhooks/orders";
/// The development webhook secret (the api's `VTEX_WEBHOOK_SECRET` in development).
pub const DEV_WEBHOOK_SECRET: &str = "dev-vtex-webhook-secret";
/// The hook header VTEX hook configurations carry by default (`VTEX_HOOK_HEADER_NAME`).
pub const DEFAULT_HOOK_HEADER_NAME: &str = "X-Afiliados-Hook-Key";

/// One accepted `X-VTEX-API-AppKey` / `X-VTEX-API-AppToken` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCredential {
    /// Name used by the admin API (`/_sandbox/credentials/{label}/expire`); defaults to the key.
    pub label: String,
    /// The app key.
    pub app_key: String,
    /// The app token (a test value; the sandbox never echoes it).
    pub app_token: String,
}

impl SandboxCredential {
    /// A pair with an explicit label.
    pub fn new(label: &str, app_key: &str, app_token: &str) -> SandboxCredential {
        SandboxCredential {
            label: label.to_owned(),
            app_key: app_key.to_owned(),
            app_token: app_token.to_owned(),
        }
    }

    /// The default development pair, labelled `primary`.
    pub fn dev() -> SandboxCredential {
        SandboxCredential::new("primary", DEV_APP_KEY, DEV_APP_TOKEN)
    }
}

/// What the state holds at start and after `POST /_sandbox/reset` without a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// No orders, coupons or promotions.
    Empty,
    /// The demo data set; for now the same orders as [`Seed::Fixtures`].
    Demo,
    /// Every OMS order document found in the fixtures directory.
    Fixtures,
}

impl Seed {
    /// Parses `empty`, `demo` or `fixtures`.
    pub fn parse(raw: &str) -> Option<Seed> {
        match raw.trim() {
            "empty" => Some(Seed::Empty),
            "demo" => Some(Seed::Demo),
            "fixtures" => Some(Seed::Fixtures),
            _ => None,
        }
    }
}

/// Everything [`crate::spawn`] needs. `Default` is what tests want: port 0, the dev credential,
/// an empty seed, no admin token.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Interface to bind.
    pub host: String,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// The account name the sandbox pretends to be.
    pub account: String,
    /// Accepted credential pairs (several, to exercise rotation).
    pub credentials: Vec<SandboxCredential>,
    /// When set, `/_sandbox` requires header `X-Sandbox-Admin-Token` with this value.
    pub admin_token: Option<String>,
    /// Initial state.
    pub seed: Seed,
    /// Directory of the `fixtures` seed; `None` resolves the repository's copy.
    pub fixtures_dir: Option<PathBuf>,
    /// Highest page the order list serves (VTEX's cap); beyond it the list answers 400.
    pub max_pages: u32,
    /// Active (unarchived) coupon cap, enforced with 400.
    pub max_active_coupons: usize,
    /// Active promotion cap, enforced with 400.
    pub max_active_promotions: usize,
    /// Largest SKU list a promotion may carry.
    pub max_skus_per_promotion: usize,
    /// Seed of every random choice (generated ids, probabilistic faults).
    pub random_seed: u64,
    /// actix worker threads.
    pub workers: usize,
    /// Where hooks and pushes are posted (`None`: only to a `target` given per call).
    pub hook_target: Option<String>,
    /// HMAC-SHA256 key of `x-vtex-hmac-sha256` on emitted hooks and pushes.
    pub webhook_secret: String,
    /// Name of the hook header sent with hooks when a value is configured.
    pub hook_header_name: String,
    /// Value of the hook header (`None`: not sent).
    pub hook_header_value: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            host: "127.0.0.1".into(),
            port: 0,
            account: "medipiel".into(),
            credentials: vec![SandboxCredential::dev()],
            admin_token: None,
            seed: Seed::Empty,
            fixtures_dir: None,
            max_pages: 30,
            max_active_coupons: 5_000,
            max_active_promotions: 100,
            max_skus_per_promotion: 100,
            random_seed: 42,
            workers: 2,
            hook_target: None,
            webhook_secret: DEV_WEBHOOK_SECRET.into(),
            hook_header_name: DEFAULT_HOOK_HEADER_NAME.into(),
            hook_header_value: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialEntry {
    app_key: Option<String>,
    app_token: Option<String>,
    label: Option<String>,
}

impl SandboxConfig {
    /// Reads the variables of the module table; problems are recorded on `env`.
    pub fn from_env(env: &mut Env) -> SandboxConfig {
        let defaults = SandboxConfig::default();
        let credentials = match env.var("VTEX_SANDBOX_CREDENTIALS") {
            None => defaults.credentials.clone(),
            Some(raw) => match parse_credentials(&raw) {
                Ok(list) if !list.is_empty() => list,
                Ok(_) => {
                    env.problem("VTEX_SANDBOX_CREDENTIALS holds no pair with appKey and appToken");
                    Vec::new()
                }
                Err(err) => {
                    env.problem(format!("VTEX_SANDBOX_CREDENTIALS is not valid JSON: {err}"));
                    Vec::new()
                }
            },
        };
        let seed_raw = env.var_or("VTEX_SANDBOX_SEED", "empty");
        let seed = Seed::parse(&seed_raw).unwrap_or_else(|| {
            env.problem(format!(
                "VTEX_SANDBOX_SEED={seed_raw:?} is not empty, demo or fixtures"
            ));
            Seed::Empty
        });
        SandboxConfig {
            host: env.var_or("VTEX_SANDBOX_HOST", "127.0.0.1"),
            port: env.var_parsed("VTEX_SANDBOX_PORT", 4710),
            account: env.var_or("VTEX_SANDBOX_ACCOUNT", "medipiel"),
            credentials,
            admin_token: env.var("VTEX_SANDBOX_ADMIN_TOKEN"),
            seed,
            fixtures_dir: env.var("VTEX_SANDBOX_FIXTURES_DIR").map(PathBuf::from),
            max_pages: env.var_parsed("VTEX_SANDBOX_MAX_PAGES", 30),
            random_seed: env.var_parsed("VTEX_SANDBOX_RANDOM_SEED", 42),
            hook_target: Some(env.var_or("VTEX_SANDBOX_HOOK_TARGET", DEFAULT_HOOK_TARGET)),
            webhook_secret: env.var_or("VTEX_SANDBOX_WEBHOOK_SECRET", DEV_WEBHOOK_SECRET),
            hook_header_name: env.var_or("VTEX_SANDBOX_HOOK_HEADER_NAME", DEFAULT_HOOK_HEADER_NAME),
            hook_header_value: env.var("VTEX_SANDBOX_HOOK_HEADER_VALUE"),
            ..defaults
        }
    }

    /// The same configuration seeded from `dir`.
    pub fn with_fixtures(mut self, dir: impl Into<PathBuf>) -> SandboxConfig {
        self.seed = Seed::Fixtures;
        self.fixtures_dir = Some(dir.into());
        self
    }

    /// The directory of the `fixtures` seed: the configured one, else the first of
    /// `fixtures/vtex` or `shared/fixtures/vtex` found walking up from the working directory and
    /// from this crate's source directory.
    pub fn resolve_fixtures_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.fixtures_dir {
            return Some(dir.clone());
        }
        let mut starts: Vec<PathBuf> = Vec::new();
        if let Ok(cwd) = std::env::current_dir() {
            starts.push(cwd);
        }
        starts.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        starts
            .iter()
            .flat_map(|start| start.ancestors().map(Path::to_path_buf).collect::<Vec<_>>())
            .flat_map(|dir| [dir.join("fixtures/vtex"), dir.join("shared/fixtures/vtex")])
            .find(|candidate| candidate.join("oms-order-with-coupon.json").is_file())
    }
}

/// Parses `[{"appKey","appToken","label"?}]`, ignoring entries without key or token.
pub(crate) fn parse_credentials(raw: &str) -> Result<Vec<SandboxCredential>, serde_json::Error> {
    let entries: Vec<CredentialEntry> = serde_json::from_str(raw)?;
    Ok(entries
        .into_iter()
        .filter_map(|entry| {
            let key = entry.app_key.filter(|k| !k.trim().is_empty())?;
            let token = entry.app_token.filter(|t| !t.is_empty())?;
            let label = entry.label.unwrap_or_else(|| key.clone());
            Some(SandboxCredential::new(&label, &key, &token))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_skip_incomplete_entries_and_default_the_label() {
        let list = parse_credentials(
            r#"[{"appKey":"k1","appToken":"t1"},{"appKey":"k2"},{"appKey":"k3","appToken":"t3","label":"second"}]"#,
        )
        .unwrap();
        assert_eq!(
            list,
            vec![
                SandboxCredential::new("k1", "k1", "t1"),
                SandboxCredential::new("second", "k3", "t3"),
            ]
        );
    }

    #[test]
    fn the_repository_fixtures_are_found() {
        let dir = SandboxConfig::default().resolve_fixtures_dir().unwrap();
        assert!(dir.join("oms-order-without-coupon.json").is_file());
    }
}
