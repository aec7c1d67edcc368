//! The feed v3 backstop's settings (`vtex.md` §7, §10): whether the cron replica polls the feed,
//! how many events one read asks for, and the workflow states the feed (and the hook) keep.

use afiliados_config::Env;

/// `VTEX_HOOK_STATUSES`' default (`vtex.md` §2.5): the states hook and feed subscribe to.
pub const DEFAULT_STATUSES: [&str; 8] = [
    "order-created",
    "payment-pending",
    "payment-approved",
    "ready-for-handling",
    "handling",
    "invoiced",
    "cancellation-requested",
    "canceled",
];

/// `VTEX_FEED_MAX_LOT`'s default (VTEX's largest lot).
pub const DEFAULT_MAX_LOT: u8 = 10;

/// `VTEX_FEED_ENABLED`, `VTEX_FEED_MAX_LOT`, `VTEX_HOOK_STATUSES`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSettings {
    /// The cron replica ticks `VTEX_FEED_POLL_CRON` (default `false`: the feed is a backstop
    /// an operator turns on).
    pub enabled: bool,
    /// `maxlot` of each read (1–10).
    pub max_lot: u8,
    /// The states `afiliados-worker vtex configure-feed` subscribes the feed to.
    pub statuses: Vec<String>,
}

impl Default for FeedSettings {
    fn default() -> FeedSettings {
        FeedSettings {
            enabled: false,
            max_lot: DEFAULT_MAX_LOT,
            statuses: DEFAULT_STATUSES.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

impl FeedSettings {
    /// Reads the three variables, recording a problem for each invalid one.
    pub fn read(env: &mut Env) -> FeedSettings {
        let enabled = env.var_bool("VTEX_FEED_ENABLED", false);
        let max_lot: u8 = env.var_parsed("VTEX_FEED_MAX_LOT", DEFAULT_MAX_LOT);
        if !(1..=afiliados_vtex::FEED_MAX_LOT).contains(&max_lot) {
            env.problem(format!("VTEX_FEED_MAX_LOT={max_lot} must be 1–10"));
        }
        let raw = env.var_or("VTEX_HOOK_STATUSES", &DEFAULT_STATUSES.join(","));
        let statuses: Vec<String> = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if statuses.is_empty() {
            env.problem("VTEX_HOOK_STATUSES must name at least one state");
        }
        FeedSettings {
            enabled,
            max_lot: max_lot.clamp(1, afiliados_vtex::FEED_MAX_LOT),
            statuses,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("test".into()),
            "VTEX_FEED_ENABLED" => Some("true".into()),
            "VTEX_FEED_MAX_LOT" => Some("4".into()),
            "VTEX_HOOK_STATUSES" => Some(" invoiced, canceled ,".into()),
            _ => None,
        }
    }

    fn bad(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("test".into()),
            "VTEX_FEED_MAX_LOT" => Some("11".into()),
            _ => None,
        }
    }

    #[test]
    fn the_variables_are_read_and_checked() {
        let mut env = Env::with_lookup(lookup);
        let settings = FeedSettings::read(&mut env);
        assert!(env.finish().is_ok());
        assert_eq!(
            settings,
            FeedSettings {
                enabled: true,
                max_lot: 4,
                statuses: vec!["invoiced".into(), "canceled".into()],
            }
        );
        let mut env = Env::with_lookup(bad);
        let settings = FeedSettings::read(&mut env);
        assert!(!settings.enabled, "off by default");
        assert_eq!(settings.statuses.len(), 8);
        assert!(env.finish().is_err(), "maxlot 11 is refused");
    }
}
