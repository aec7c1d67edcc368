//! What a smoke run talks to and signs in with: flags first, then the environment, then the
//! defaults. `BASE_URL` is the public origin (the ingress sends browsers to the web and `/api/v1`
//! to the api), so the api and the web default to it; `API_URL`/`WEB_URL` split them when they
//! live apart. Every problem is listed at once, by name; values are never printed.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use url::Url;

/// The QA admin of `seed qa` (2FA on with `QA_ADMIN_TOTP_SECRET`).
pub const DEFAULT_ADMIN_EMAIL: &str = "admin.qa@medipiel.co";
/// The QA influencer of `seed qa`, with a confirmed, available balance in Cetaphil.
pub const DEFAULT_INFLUENCER_EMAIL: &str = "influencer.qa@medipiel.co";
/// The minimum withdrawal of Cetaphil in `seed qa`: the smallest request the api accepts there.
pub const DEFAULT_WITHDRAWAL_AMOUNT: &str = "20000.00";
/// The worker's default metrics port (`WORKER_METRICS_PORT`).
const WORKER_METRICS_PORT: u16 = 9465;
/// `BACKUP_INTERVAL_MS`' default: 15 minutes.
const DEFAULT_BACKUP_INTERVAL_MS: u64 = 900_000;

/// A value that must never reach the output: `Debug` and `Display` hide it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The api's origin (`/api/v1/...` is appended).
    pub api_url: Url,
    /// The web's origin (`/login`, `/influencer/billetera`).
    pub web_url: Url,
    /// Prometheus' origin; when set, step 7 reads its alerts API.
    pub prometheus_url: Option<Url>,
    /// The api's metrics (`x-metrics-key`), for step 7 without Prometheus.
    pub api_metrics_url: Url,
    /// The worker's metrics, for step 7 without Prometheus.
    pub worker_metrics_url: Url,
    /// `METRICS_API_KEY`; empty only against a development api.
    pub metrics_api_key: Option<Secret>,
    /// Step 2's staff user.
    pub admin_email: String,
    /// `QA_ADMIN_PASSWORD`.
    pub admin_password: Secret,
    /// `QA_ADMIN_TOTP_SECRET` (base32): the code is computed, never typed.
    pub admin_totp_secret: Secret,
    /// Step 6's influencer.
    pub influencer_email: String,
    /// `QA_INFLUENCER_PASSWORD`.
    pub influencer_password: Secret,
    /// What step 6 asks for, as typed in the wallet's form.
    pub withdrawal_amount: String,
    /// Domain of step 4's dummy address (`smoke+<unix seconds>@<domain>`).
    pub email_domain: String,
    /// Bound of every HTTP request.
    pub request_timeout: Duration,
    /// The newest backup may be this old (default twice `BACKUP_INTERVAL_MS`, as the api's check).
    pub backup_max_age: Duration,
    /// How long step 7 waits for a fresh stack's first backup (the worker takes it at start-up).
    pub backup_wait: Duration,
}

/// The usage text of `--help`.
pub const USAGE: &str = "\
afiliados-smoke — the seven post-deploy steps of operations.md §5, one PASS/FAIL line each

usage: afiliados-smoke [--base-url URL] [--api-url URL] [--web-url URL] [--prometheus-url URL]
                       [--api-metrics-url URL] [--worker-metrics-url URL]

Flags override the variables of the same name (BASE_URL, API_URL, WEB_URL, PROMETHEUS_URL,
API_METRICS_URL, WORKER_METRICS_URL). Secrets only from the environment: QA_ADMIN_PASSWORD,
QA_ADMIN_TOTP_SECRET, QA_INFLUENCER_PASSWORD, METRICS_API_KEY. See docs/deployment.md.
Exit status: 0 all seven passed, 1 a step failed, 2 bad configuration.";

/// What the command line asked for.
#[derive(Debug)]
pub enum Invocation {
    /// Run with these flag values (name of the variable they override → value).
    Run(HashMap<&'static str, String>),
    /// Print [`USAGE`].
    Help,
}

const FLAGS: [(&str, &str); 6] = [
    ("--base-url", "BASE_URL"),
    ("--api-url", "API_URL"),
    ("--web-url", "WEB_URL"),
    ("--prometheus-url", "PROMETHEUS_URL"),
    ("--api-metrics-url", "API_METRICS_URL"),
    ("--worker-metrics-url", "WORKER_METRICS_URL"),
];

/// Reads `--flag value` and `--flag=value`; an unknown flag or a missing value is an error.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Invocation, String> {
    let mut values = HashMap::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Invocation::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let Some((_, variable)) = FLAGS.iter().find(|(name, _)| *name == flag) else {
            return Err(format!("unknown argument {arg:?} (try --help)"));
        };
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        values.insert(*variable, value);
    }
    Ok(Invocation::Run(values))
}

/// Collects problems while reading, so one run lists them all.
struct Reader<'a> {
    flags: &'a HashMap<&'static str, String>,
    env: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<String>,
}

impl Reader<'_> {
    fn var(&self, name: &str) -> Option<String> {
        self.flags
            .get(name)
            .cloned()
            .or_else(|| (self.env)(name))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }

    fn required_var(&mut self, name: &str) -> String {
        self.var(name).unwrap_or_else(|| {
            self.problems.push(format!("{name} is missing"));
            String::new()
        })
    }

    fn url(&mut self, name: &str, value: Option<String>) -> Option<Url> {
        let raw = value?;
        match Url::parse(&raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Some(url)
            }
            _ => {
                self.problems
                    .push(format!("{name} is not an http(s) URL: {raw:?}"));
                None
            }
        }
    }

    fn var_parsed(&mut self, name: &str, default: u64) -> u64 {
        match self.var(name) {
            None => default,
            Some(raw) => raw.parse().unwrap_or_else(|_| {
                self.problems
                    .push(format!("{name}={raw:?} is not a whole number"));
                default
            }),
        }
    }
}

/// A placeholder for a URL that failed to parse (the run stops on the problem list anyway).
fn unset() -> Url {
    Url::parse("http://unset.invalid").unwrap_or_else(|_| unreachable!("a literal URL parses"))
}

impl Config {
    /// Reads the configuration from `flags` (see [`parse_args`]) and `env`; every problem is
    /// listed in the error, names only.
    pub fn read(
        flags: &HashMap<&'static str, String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, Vec<String>> {
        let mut r = Reader {
            flags,
            env,
            problems: Vec::new(),
        };
        let base = r.var("BASE_URL");
        let api_raw = r.var("API_URL").or_else(|| base.clone());
        let web_raw = r.var("WEB_URL").or_else(|| base.clone());
        if api_raw.is_none() || web_raw.is_none() {
            r.problems
                .push("BASE_URL is missing (or give both API_URL and WEB_URL)".into());
        }
        let api_url = r.url("API_URL", api_raw);
        let web_url = r.url("WEB_URL", web_raw);
        let prometheus_raw = r.var("PROMETHEUS_URL");
        let prometheus_url = r.url("PROMETHEUS_URL", prometheus_raw);
        let api_metrics_raw = r.var("API_METRICS_URL").or_else(|| {
            api_url
                .as_ref()
                .and_then(|api| api.join("/api/v1/metrics").ok())
                .map(String::from)
        });
        let api_metrics_url = r.url("API_METRICS_URL", api_metrics_raw);
        let worker_metrics_raw = r
            .var("WORKER_METRICS_URL")
            .or_else(|| api_url.as_ref().and_then(default_worker_metrics));
        let worker_metrics_url = r.url("WORKER_METRICS_URL", worker_metrics_raw);
        let admin_password = Secret::new(r.required_var("QA_ADMIN_PASSWORD"));
        let admin_totp_secret = r.required_var("QA_ADMIN_TOTP_SECRET");
        if !admin_totp_secret.is_empty() && crate::totp::code_at(&admin_totp_secret, 0).is_err() {
            r.problems
                .push("QA_ADMIN_TOTP_SECRET is not a base32 TOTP secret".into());
        }
        let influencer_password = Secret::new(r.required_var("QA_INFLUENCER_PASSWORD"));
        let interval_ms = r.var_parsed("BACKUP_INTERVAL_MS", DEFAULT_BACKUP_INTERVAL_MS);
        let backup_max_age = r.var_parsed("SMOKE_BACKUP_MAX_AGE_SECS", 2 * interval_ms / 1000);
        let backup_wait = r.var_parsed("SMOKE_BACKUP_WAIT_SECS", 120);
        let request_timeout = r.var_parsed("SMOKE_TIMEOUT_SECS", 30);
        let config = Config {
            api_url: api_url.unwrap_or_else(unset),
            web_url: web_url.unwrap_or_else(unset),
            prometheus_url,
            api_metrics_url: api_metrics_url.unwrap_or_else(unset),
            worker_metrics_url: worker_metrics_url.unwrap_or_else(unset),
            metrics_api_key: r.var("METRICS_API_KEY").map(Secret::new),
            admin_email: r
                .var("SMOKE_ADMIN_EMAIL")
                .unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.into()),
            admin_password,
            admin_totp_secret: Secret::new(admin_totp_secret),
            influencer_email: r
                .var("SMOKE_INFLUENCER_EMAIL")
                .unwrap_or_else(|| DEFAULT_INFLUENCER_EMAIL.into()),
            influencer_password,
            withdrawal_amount: r
                .var("SMOKE_WITHDRAWAL_AMOUNT")
                .unwrap_or_else(|| DEFAULT_WITHDRAWAL_AMOUNT.into()),
            email_domain: r
                .var("SMOKE_EMAIL_DOMAIN")
                .unwrap_or_else(|| "example.com".into()),
            request_timeout: Duration::from_secs(request_timeout.max(1)),
            backup_max_age: Duration::from_secs(backup_max_age),
            backup_wait: Duration::from_secs(backup_wait),
        };
        if r.problems.is_empty() {
            Ok(config)
        } else {
            Err(r.problems)
        }
    }
}

/// The worker's metrics on the api's host, port 9465 (the compose stack and `make dev`).
fn default_worker_metrics(api: &Url) -> Option<String> {
    let host = api.host_str()?;
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    Some(format!("http://{host}:{WORKER_METRICS_PORT}/metrics"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn env(name: &str) -> Option<String> {
        match name {
            "BASE_URL" => Some("https://qa.afiliados.example".into()),
            "QA_ADMIN_PASSWORD" => Some("Admin!Qa2025xyz".into()),
            "QA_ADMIN_TOTP_SECRET" => Some(SECRET.into()),
            "QA_INFLUENCER_PASSWORD" => Some("Influencer!QA2025".into()),
            _ => None,
        }
    }

    fn nothing(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn base_url_is_the_default_of_both_origins_and_flags_win() {
        let config = Config::read(&HashMap::new(), &env).unwrap();
        assert_eq!(config.api_url.as_str(), "https://qa.afiliados.example/");
        assert_eq!(config.web_url.as_str(), "https://qa.afiliados.example/");
        assert_eq!(
            config.api_metrics_url.as_str(),
            "https://qa.afiliados.example/api/v1/metrics"
        );
        assert_eq!(
            config.worker_metrics_url.as_str(),
            "http://qa.afiliados.example:9465/metrics"
        );
        assert_eq!(config.backup_max_age, Duration::from_secs(1800));
        assert!(config.prometheus_url.is_none());
        let Invocation::Run(flags) = parse_args(
            [
                "--api-url",
                "http://127.0.0.1:8080",
                "--web-url=http://127.0.0.1:3000",
            ]
            .map(String::from),
        )
        .unwrap() else {
            panic!("not a run");
        };
        let config = Config::read(&flags, &env).unwrap();
        assert_eq!(config.api_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(config.web_url.as_str(), "http://127.0.0.1:3000/");
    }

    #[test]
    fn every_problem_is_listed_by_name_and_secrets_never_show() {
        let problems = Config::read(&HashMap::new(), &nothing).unwrap_err();
        let text = problems.join("\n");
        for name in [
            "BASE_URL",
            "QA_ADMIN_PASSWORD",
            "QA_ADMIN_TOTP_SECRET",
            "QA_INFLUENCER_PASSWORD",
        ] {
            assert!(text.contains(name), "{text}");
        }
        let config = Config::read(&HashMap::new(), &env).unwrap();
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("Admin!Qa2025xyz") && !shown.contains(SECRET),
            "{shown}"
        );
    }

    #[test]
    fn unknown_flags_and_bad_urls_are_refused() {
        assert!(parse_args(["--bogus".to_owned()]).is_err());
        assert!(parse_args(["--base-url".to_owned()]).is_err());
        let flags = HashMap::from([("BASE_URL", "not a url".to_owned())]);
        let problems = Config::read(&flags, &env).unwrap_err();
        assert!(
            problems.iter().any(|p| p.starts_with("API_URL is not")),
            "{problems:?}"
        );
    }
}
