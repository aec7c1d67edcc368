//! The reader that collects problems instead of stopping at the first one.

use std::str::FromStr;

use secrecy::SecretString;

use crate::ConfigErrors;

/// Where the process runs; decides whether `.env` files are read and weak secrets allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    /// A developer's machine.
    Development,
    /// Automated tests.
    Test,
    /// QA or staging.
    Qa,
    /// The client's environment.
    Production,
}

impl AppEnv {
    /// Development and test accept weak secrets and plain-http cookies.
    pub fn is_development(self) -> bool {
        matches!(self, AppEnv::Development | AppEnv::Test)
    }
}

/// Reads variables and remembers every problem until [`Env::finish`].
#[derive(Debug)]
pub struct Env {
    app_env: AppEnv,
    problems: Vec<String>,
    lookup: fn(&str) -> Option<String>,
}

fn process_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Secrets that ship in `.env.shared` or in docs and must never run outside development.
const KNOWN_DEFAULT_FRAGMENTS: &[&str] = &[
    "changeme",
    "change-me",
    "dev-only",
    "development",
    "insecure",
    "example",
];

impl Env {
    /// Reads `APP_ENV` and, in development, loads `.env` then `.env.shared` from the working
    /// directory or its parents (existing variables always win).
    pub fn load() -> Env {
        let app_env_raw = std::env::var("APP_ENV").unwrap_or_else(|_| "development".into());
        if app_env_raw == "development" {
            let _ = dotenvy::dotenv();
            if let Ok(path) = dotenvy::from_filename(".env.shared") {
                tracing_free_note(&path);
            }
        }
        Env::with_lookup(process_lookup)
    }

    /// A reader over any lookup function (tests use a fixed map).
    pub fn with_lookup(lookup: fn(&str) -> Option<String>) -> Env {
        let mut problems = Vec::new();
        let app_env = match lookup("APP_ENV").as_deref().unwrap_or("development") {
            "development" => AppEnv::Development,
            "test" => AppEnv::Test,
            "qa" | "staging" => AppEnv::Qa,
            "production" => AppEnv::Production,
            other => {
                problems.push(format!(
                    "APP_ENV={other:?} is not one of development, test, qa, staging, production"
                ));
                AppEnv::Production
            }
        };
        Env {
            app_env,
            problems,
            lookup,
        }
    }

    /// The environment in force.
    pub fn app_env(&self) -> AppEnv {
        self.app_env
    }

    /// An optional variable; empty counts as absent.
    pub fn var(&mut self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|value| !value.trim().is_empty())
    }

    /// A variable with a default.
    pub fn var_or(&mut self, name: &str, default: &str) -> String {
        self.var(name).unwrap_or_else(|| default.to_owned())
    }

    /// A variable whose empty value means something (a schedule: empty disables it): `default`
    /// when unset, else the value trimmed, possibly empty.
    pub fn var_or_empty(&mut self, name: &str, default: &str) -> String {
        match (self.lookup)(name) {
            Some(value) => value.trim().to_owned(),
            None => default.to_owned(),
        }
    }

    /// A required variable; records a problem when missing.
    pub fn required_var(&mut self, name: &str) -> String {
        match self.var(name) {
            Some(value) => value,
            None => {
                self.problems.push(format!("{name} is missing"));
                String::new()
            }
        }
    }

    /// A variable parsed as `T`, with a default when absent; records a problem when unparsable.
    pub fn var_parsed<T: FromStr>(&mut self, name: &str, default: T) -> T {
        match self.var(name) {
            None => default,
            Some(raw) => match raw.trim().parse() {
                Ok(value) => value,
                Err(_) => {
                    self.problems.push(format!(
                        "{name}={raw:?} is not a valid {}",
                        short_type::<T>()
                    ));
                    default
                }
            },
        }
    }

    /// A boolean (`true|false|1|0`) with a default.
    pub fn var_bool(&mut self, name: &str, default: bool) -> bool {
        match self.var(name).as_deref().map(str::trim) {
            None => default,
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                self.problems
                    .push(format!("{name}={other:?} is not true or false"));
                default
            }
        }
    }

    /// A secret of at least `min_len` characters. Outside development a shorter value, or one that
    /// looks like a committed default, is refused; in development a missing value takes `dev_default`.
    pub fn secret(
        &mut self,
        name: &str,
        min_len: usize,
        dev_default: Option<&str>,
    ) -> SecretString {
        let value = match (self.var(name), dev_default) {
            (Some(value), _) => value,
            (None, Some(default)) if self.app_env.is_development() => default.to_owned(),
            (None, _) => {
                self.problems.push(format!("{name} is missing"));
                return SecretString::from(String::new());
            }
        };
        if !self.app_env.is_development() {
            self.check_strength(name, &value, min_len);
        }
        SecretString::from(value)
    }

    /// Records a problem when `value` is too short or a known default (used by composite secrets
    /// such as key rings, whose parts are checked one by one).
    pub fn check_strength(&mut self, name: &str, value: &str, min_len: usize) {
        let lower = value.to_lowercase();
        if value.chars().count() < min_len {
            self.problems.push(format!(
                "{name} is too weak outside development (fewer than {min_len} characters)"
            ));
        } else if KNOWN_DEFAULT_FRAGMENTS
            .iter()
            .any(|fragment| lower.contains(fragment))
        {
            self.problems.push(format!(
                "{name} is too weak outside development (a default value)"
            ));
        }
    }

    /// A comma list of addresses or CIDRs of reverse proxies whose `X-Forwarded-For` is believed
    /// (`TRUSTED_PROXIES`, `WEB_TRUSTED_PROXIES`); `default` when unset. Outside development a range
    /// wider than /16 (IPv4) or /48 (IPv6) is refused: such a range holds clients too, and a client
    /// inside it would have its own forged `X-Forwarded-For` believed (ADR 0015).
    pub fn trusted_proxies(&mut self, name: &str, default: &str) -> Vec<ipnet::IpNet> {
        let raw = self.var_or(name, default);
        let mut networks = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let parsed = entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from));
            match parsed {
                Ok(net) => {
                    // Loopback (127.0.0.0/8) holds no clients whatever its size.
                    let too_broad = match net {
                        ipnet::IpNet::V4(v4) => v4.prefix_len() < 16 && !v4.network().is_loopback(),
                        ipnet::IpNet::V6(v6) => v6.prefix_len() < 48,
                    };
                    if too_broad && !self.app_env.is_development() {
                        self.problems.push(format!(
                            "{name} entry {entry:?} is too broad outside development (list the proxies' exact addresses, at most a /16 or /48)"
                        ));
                    } else {
                        networks.push(net);
                    }
                }
                Err(_) => self
                    .problems
                    .push(format!("{name} entry {entry:?} is not an address or CIDR")),
            }
        }
        networks
    }

    /// How many jobs of `per_job_kib` each fit in the memory budget `name` (MiB, `default_mib`
    /// when unset): the size of a pool bounded by memory, such as the api's argon2 pool
    /// (`ARGON2_MEMORY_BUDGET_MIB`, ADR 0026). A budget smaller than one job, or than 1 MiB, is a
    /// problem (the pool could never run anything); the answer is then 1.
    pub fn memory_slots(&mut self, name: &str, default_mib: u32, per_job_kib: u32) -> usize {
        let budget_mib: u32 = self.var_parsed(name, default_mib);
        let per_job_kib = u64::from(per_job_kib.max(1));
        let slots = u64::from(budget_mib) * 1024 / per_job_kib;
        if slots == 0 {
            self.problems.push(format!(
                "{name}={budget_mib} MiB is smaller than one job ({per_job_kib} KiB)"
            ));
            return 1;
        }
        usize::try_from(slots).unwrap_or(usize::MAX)
    }

    /// Records a problem found by the caller (cross-field checks).
    pub fn problem(&mut self, message: impl Into<String>) {
        self.problems.push(message.into());
    }

    /// Fails with every problem found, or succeeds when there were none.
    pub fn finish(self) -> Result<(), ConfigErrors> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigErrors(self.problems))
        }
    }
}

fn short_type<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    match full.rsplit("::").next().unwrap_or(full) {
        "u16" => "port",
        "u8" | "u32" | "u64" | "usize" => "whole number",
        "i32" | "i64" => "integer",
        other => other,
    }
}

// Loading happens before telemetry exists, so there is nothing to log to yet; the path is not
// secret, but printing it would only add noise to every start.
fn tracing_free_note(_path: &std::path::Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "PORT" => Some("80x".into()),
            "SHORT" => Some("abc".into()),
            "DEFAULTISH" => Some("changeme-changeme-changeme-changeme".into()),
            "GOOD" => Some("kJ8s9dF2lQ0pZx7vB3nM5tR1yU6wE4aH".into()),
            _ => None,
        }
    }

    #[test]
    fn collects_every_problem() {
        let mut env = Env::with_lookup(fixed);
        let _: u16 = env.var_parsed("PORT", 8080);
        let _ = env.required_var("DATABASE_URL");
        let _ = env.secret("SHORT", 32, Some("dev"));
        let _ = env.secret("DEFAULTISH", 32, None);
        let _ = env.secret("GOOD", 32, None);
        let errors = env.finish().unwrap_err();
        assert_eq!(errors.0.len(), 4, "{errors}");
        let text = errors.to_string();
        assert!(text.starts_with("4 configuration problems:"));
        assert!(text.contains("PORT=\"80x\" is not a valid port"));
        assert!(text.contains("DATABASE_URL is missing"));
        assert!(!text.contains("kJ8s9"), "secret values never appear");
    }

    fn budgets(name: &str) -> Option<String> {
        match name {
            "TINY" => Some("10".into()),
            "SIXTY_FOUR" => Some("64".into()),
            "GARBAGE" => Some("lots".into()),
            _ => None,
        }
    }

    #[test]
    fn memory_slots_divide_the_budget_and_refuse_one_smaller_than_a_job() {
        let mut env = Env::with_lookup(budgets);
        assert_eq!(env.memory_slots("SIXTY_FOUR", 1, 19_456), 3);
        assert_eq!(env.memory_slots("UNSET", 40, 19_456), 2);
        assert_eq!(env.memory_slots("TINY", 64, 19_456), 1);
        assert_eq!(env.memory_slots("GARBAGE", 64, 19_456), 3);
        let text = env.finish().unwrap_err().to_string();
        assert!(
            text.contains("TINY=10 MiB is smaller than one job (19456 KiB)"),
            "{text}"
        );
        assert!(
            text.contains("GARBAGE=\"lots\" is not a valid whole number"),
            "{text}"
        );
    }

    fn proxies(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "BROAD" => Some("10.0.0.0/8".into()),
            "NARROW" => Some("10.244.0.0/16, 10.1.2.3, ::1".into()),
            "WIDE_V6" => Some("fd00::/8".into()),
            "GARBAGE" => Some("nope".into()),
            _ => None,
        }
    }

    #[test]
    fn trusted_proxies_refuse_broad_ranges_outside_development() {
        let mut env = Env::with_lookup(proxies);
        assert_eq!(env.trusted_proxies("NARROW", "").len(), 3);
        assert_eq!(env.trusted_proxies("UNSET", "127.0.0.0/8,::1/128").len(), 2);
        assert!(env.trusted_proxies("BROAD", "").is_empty());
        assert!(env.trusted_proxies("WIDE_V6", "").is_empty());
        assert!(env.trusted_proxies("GARBAGE", "").is_empty());
        let text = env.finish().unwrap_err().to_string();
        assert!(
            text.contains("BROAD entry \"10.0.0.0/8\" is too broad"),
            "{text}"
        );
        assert!(
            text.contains("WIDE_V6 entry \"fd00::/8\" is too broad"),
            "{text}"
        );
        assert!(
            text.contains("GARBAGE entry \"nope\" is not an address"),
            "{text}"
        );
    }
}
