//! Settings of the VTEX webhook (`vtex.md` §2.2, §10): how `POST /api/v1/vtex/webhooks/orders`
//! authenticates, and how many failed authentications one address may make (ADR 0032).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `VTEX_WEBHOOK_AUTH` | `either` | `either`, `hmac` or `hook_header` |
//! | `VTEX_WEBHOOK_SECRET` | development: `dev-vtex-webhook-secret` | HMAC key of `x-vtex-hmac-sha256`; ≥ 32 characters, not a default, elsewhere |
//! | `VTEX_HOOK_HEADER_NAME` | `X-Afiliados-Hook-Key` | the custom header of the hook configuration |
//! | `VTEX_HOOK_HEADER_VALUE` | — | its value; ≥ 32 characters, not a default, outside development |
//! | `VTEX_ACCOUNT` | development: `medipiel` | the expected `Origin.Account` |
//! | `VTEX_HOOK_ALLOWED_KEYS` | development: `vtexappkey-medipiel-KQZTRB` | allowed `Origin.Key` values (comma list); not derived from `VTEX_APP_KEY`, which only the worker receives |
//! | `RATE_LIMIT_WEBHOOK_PER_MIN` | 300 | requests per client address per minute that **fail** authentication (ADR 0032) |
//!
//! Outside development the api refuses to start unless `VTEX_WEBHOOK_SECRET` or
//! `VTEX_HOOK_HEADER_VALUE` is set (and the method `VTEX_WEBHOOK_AUTH` names has its secret).
//! An empty value counts as unset, so development may run with neither (`dev_skipped`).

use afiliados_config::{Env, ExposeSecret, SecretString};

/// The development HMAC key, the one the fixtures' documented signatures use.
pub const DEV_WEBHOOK_SECRET: &str = "dev-vtex-webhook-secret";

/// The sandbox's development app key (`VTEX_SANDBOX_CREDENTIALS`), the fixtures' `Origin.Key`.
pub const DEV_HOOK_ALLOWED_KEY: &str = "vtexappkey-medipiel-KQZTRB";

/// Which methods authenticate a webhook request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookAuthMode {
    /// HMAC or hook header + origin, whichever succeeds.
    Either,
    /// HMAC only.
    Hmac,
    /// Hook header + origin only.
    HookHeader,
}

/// The webhook section of the api's settings.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// `VTEX_WEBHOOK_AUTH`.
    pub auth: WebhookAuthMode,
    /// `VTEX_WEBHOOK_SECRET`; `None` when unset or empty.
    pub secret: Option<SecretString>,
    /// `VTEX_HOOK_HEADER_NAME`, lower case (header names are case-insensitive).
    pub hook_header_name: String,
    /// `VTEX_HOOK_HEADER_VALUE`; `None` when unset or empty.
    pub hook_header_value: Option<SecretString>,
    /// `VTEX_ACCOUNT`: the expected `Origin.Account`.
    pub account: Option<String>,
    /// Allowed `Origin.Key` values.
    pub allowed_keys: Vec<String>,
    /// Failed authentications per client address per minute (ADR 0032).
    pub failed_auth_per_min: u32,
}

impl WebhookSettings {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> WebhookSettings {
        let dev = env.app_env().is_development();
        let auth = match env.var_or("VTEX_WEBHOOK_AUTH", "either").as_str() {
            "either" => WebhookAuthMode::Either,
            "hmac" => WebhookAuthMode::Hmac,
            "hook_header" => WebhookAuthMode::HookHeader,
            other => {
                env.problem(format!(
                    "VTEX_WEBHOOK_AUTH={other:?} must be either, hmac or hook_header"
                ));
                WebhookAuthMode::Either
            }
        };
        let secret = non_empty(env.var_or_empty(
            "VTEX_WEBHOOK_SECRET",
            if dev { DEV_WEBHOOK_SECRET } else { "" },
        ));
        let hook_header_value = non_empty(env.var_or_empty("VTEX_HOOK_HEADER_VALUE", ""));
        // Not the worker's `VTEX_APP_KEY`: the api never receives VTEX credentials.
        let allowed_keys = comma_list(&env.var_or(
            "VTEX_HOOK_ALLOWED_KEYS",
            if dev { DEV_HOOK_ALLOWED_KEY } else { "" },
        ));
        let settings = WebhookSettings {
            auth,
            secret: secret.map(SecretString::from),
            hook_header_name: env
                .var_or("VTEX_HOOK_HEADER_NAME", "X-Afiliados-Hook-Key")
                .to_ascii_lowercase(),
            hook_header_value: hook_header_value.map(SecretString::from),
            account: env
                .var("VTEX_ACCOUNT")
                .or_else(|| dev.then(|| "medipiel".to_owned())),
            allowed_keys,
            failed_auth_per_min: env.var_parsed("RATE_LIMIT_WEBHOOK_PER_MIN", 300),
        };
        if !dev {
            settings.check_outside_development(env);
        }
        settings
    }

    fn check_outside_development(&self, env: &mut Env) {
        if self.secret.is_none() && self.hook_header_value.is_none() {
            env.problem(
                "VTEX_WEBHOOK_SECRET or VTEX_HOOK_HEADER_VALUE is required outside development",
            );
        }
        if self.auth == WebhookAuthMode::Hmac && self.secret.is_none() {
            env.problem("VTEX_WEBHOOK_AUTH=hmac needs VTEX_WEBHOOK_SECRET");
        }
        if self.auth == WebhookAuthMode::HookHeader && self.hook_header_value.is_none() {
            env.problem("VTEX_WEBHOOK_AUTH=hook_header needs VTEX_HOOK_HEADER_VALUE");
        }
        for (name, value) in [
            ("VTEX_WEBHOOK_SECRET", &self.secret),
            ("VTEX_HOOK_HEADER_VALUE", &self.hook_header_value),
        ] {
            if let Some(value) = value {
                env.check_strength(name, value.expose_secret(), 32);
                if value.expose_secret() == DEV_WEBHOOK_SECRET {
                    env.problem(format!(
                        "{name} is too weak outside development (a default value)"
                    ));
                }
            }
        }
    }

    /// Whether any secret is configured; without one only development accepts requests.
    pub fn is_configured(&self) -> bool {
        self.secret.is_some() || self.hook_header_value.is_some()
    }
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

fn comma_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use afiliados_config::Env;

    use super::*;

    fn production_without_secrets(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "VTEX_WEBHOOK_AUTH" => Some("hmac".into()),
            "VTEX_HOOK_HEADER_VALUE" => Some("short".into()),
            _ => None,
        }
    }

    #[test]
    fn production_refuses_missing_or_weak_secrets() {
        let mut env = Env::with_lookup(production_without_secrets);
        let settings = WebhookSettings::from_env(&mut env);
        assert!(
            settings.secret.is_none(),
            "no development default outside development"
        );
        let text = env.finish().unwrap_err().to_string();
        for expected in [
            "VTEX_WEBHOOK_AUTH=hmac needs VTEX_WEBHOOK_SECRET",
            "VTEX_HOOK_HEADER_VALUE is too weak outside development",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
        assert!(!text.contains("short"), "secret values never appear");
    }

    fn production_with_the_dev_secret(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("production".into()),
            "VTEX_WEBHOOK_SECRET" => Some(DEV_WEBHOOK_SECRET.into()),
            _ => None,
        }
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let mut env = Env::with_lookup(production_with_the_dev_secret);
        let _ = WebhookSettings::from_env(&mut env);
        let text = env.finish().unwrap_err().to_string();
        assert!(text.contains("VTEX_WEBHOOK_SECRET is too weak"), "{text}");
    }

    fn development(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            _ => None,
        }
    }

    #[test]
    fn development_defaults_match_the_fixtures() {
        let mut env = Env::with_lookup(development);
        let settings = WebhookSettings::from_env(&mut env);
        env.finish().unwrap();
        assert_eq!(settings.auth, WebhookAuthMode::Either);
        assert_eq!(
            settings
                .secret
                .as_ref()
                .map(|s| s.expose_secret().to_owned()),
            Some(DEV_WEBHOOK_SECRET.to_owned())
        );
        assert_eq!(settings.hook_header_name, "x-afiliados-hook-key");
        assert_eq!(settings.account.as_deref(), Some("medipiel"));
        assert_eq!(settings.allowed_keys, ["vtexappkey-medipiel-KQZTRB"]);
        assert_eq!(settings.failed_auth_per_min, 300);
    }

    fn development_without_secret(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            "VTEX_WEBHOOK_SECRET" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn development_may_run_without_any_secret() {
        let mut env = Env::with_lookup(development_without_secret);
        let settings = WebhookSettings::from_env(&mut env);
        env.finish().unwrap();
        assert!(!settings.is_configured());
    }
}
