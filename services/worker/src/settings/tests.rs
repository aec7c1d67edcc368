use afiliados_config::ExposeSecret;

use super::*;

fn development(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("development".into()),
        "INTERNAL_API_TOKEN" => Some("short-dev-token".into()),
        "REDIS_URL" => Some("redis://127.0.0.1:6379".into()),
        _ => None,
    }
}

fn production_broken(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("production".into()),
        "INTERNAL_API_TOKEN" => Some("too-short".into()),
        "WORKER_METRICS_PORT" => Some("94x5".into()),
        "WORKER_CONCURRENCY" => Some("0".into()),
        "WORKER_VTEX_ORDERS_CONCURRENCY" => Some("0".into()),
        "WORKER_ENABLE_CRON" => Some("yes".into()),
        "MAIL_SMTP_TLS" => Some("ssl".into()),
        "WORKER_RETRY_BASE_MS" => Some("0".into()),
        "DAILY_MAINTENANCE_CRON" => Some("5 0 * * *".into()),
        "WORKER_MISSED_HEARTBEATS" => Some("1".into()),
        _ => None,
    }
}

fn schedules_disabled(name: &str) -> Option<String> {
    match name {
        "DAILY_MAINTENANCE_CRON" | "TIER_EVALUATION_CRON" => Some("  ".into()),
        other => development(other),
    }
}

fn production_ok(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("production".into()),
        "WORKER_API_BASE_URL" => Some("http://api.internal:8080".into()),
        "INTERNAL_API_TOKEN" => Some("kJ8s9dF2lQ0pZx7vB3nM5tR1yU6wE4aHq".into()),
        "REDIS_URL" => Some("redis://:pw@redis:6379/0".into()),
        "QUEUE_NAMESPACE" => Some("qa:".into()),
        "WORKER_METRICS_HOST" => Some("0.0.0.0".into()),
        "WORKER_ENABLE_CRON" => Some("true".into()),
        "BACKUP_INTERVAL_MS" => Some("60000".into()),
        "MAIL_SMTP_TLS" => Some("starttls".into()),
        "WORKER_RETRY_BASE_MS" => Some("1000".into()),
        "WORKER_RETRY_MAX_MS" => Some("60000".into()),
        "VTEX_ACCOUNT" => Some("medipiel".into()),
        "VTEX_APP_KEY" => Some("vtexappkey-medipiel-PROD".into()),
        "VTEX_APP_TOKEN" => Some("prod-token-value".into()),
        "VTEX_TIMEOUT_MS" => Some("4000".into()),
        "DAILY_MAINTENANCE_CRON" => Some("0 10 0 * * *".into()),
        "WORKER_HEARTBEAT_INTERVAL_SECS" => Some("10".into()),
        "WORKER_MISSED_HEARTBEATS" => Some("6".into()),
        _ => None,
    }
}

#[test]
fn development_defaults() -> Result<(), ConfigErrors> {
    let settings = Settings::read(Env::with_lookup(development))?;
    assert_eq!(settings.api_base_url, "http://127.0.0.1:8080");
    assert_eq!(
        settings.internal_api_token.expose_secret(),
        "short-dev-token",
        "weak tokens pass in development"
    );
    assert_eq!(settings.queue_namespace, "");
    assert_eq!((settings.concurrency, settings.metrics_port), (4, 9465));
    assert_eq!(
        settings.vtex_orders_concurrency, 16,
        "order jobs mostly wait on the api and VTEX: they run wider"
    );
    assert_eq!(settings.metrics_host, IpAddr::from([127, 0, 0, 1]));
    assert!(!settings.enable_cron);
    assert_eq!(settings.backup_interval, Duration::from_secs(900));
    assert_eq!(settings.retry, crate::retry::Backoff::default());
    assert_eq!(
        settings.liveness.orphaned_after(),
        Duration::from_secs(360),
        "a silent worker's tasks come back after 30 s × 12"
    );
    assert_eq!(
        settings
            .schedules
            .daily_maintenance
            .as_ref()
            .map(|schedule| schedule.expression()),
        Some("0 5 0 * * *"),
        "the daily maintenance runs at 00:05 Bogota by default"
    );
    assert_eq!(
        settings
            .schedules
            .tier_evaluation
            .as_ref()
            .map(|schedule| schedule.expression()),
        Some("0 30 2 * * *"),
        "tiers are evaluated daily at 02:30 Bogota by default"
    );
    assert_eq!(
        settings.vtex.base_url, "http://127.0.0.1:4710",
        "the sandbox"
    );
    assert_eq!(
        settings.vtex.credentials[0].app_key,
        "vtexappkey-medipiel-KQZTRB"
    );
    assert_eq!(
        settings.telemetry.service_name,
        "marketing-afiliados-worker"
    );
    Ok(())
}

#[test]
fn every_problem_is_listed_and_secrets_are_not() {
    let Err(errors) = Settings::read(Env::with_lookup(production_broken)) else {
        panic!("expected problems")
    };
    let text = errors.to_string();
    for expected in [
        "WORKER_API_BASE_URL is missing",
        "INTERNAL_API_TOKEN is too weak",
        "REDIS_URL is missing",
        "WORKER_METRICS_PORT=\"94x5\" is not a valid port",
        "WORKER_CONCURRENCY must be at least 1",
        "WORKER_VTEX_ORDERS_CONCURRENCY must be at least 1",
        "WORKER_ENABLE_CRON=\"yes\"",
        "MAIL_SMTP_TLS=\"ssl\"",
        "WORKER_RETRY_BASE_MS must be positive",
        "VTEX_BASE_URL or VTEX_ACCOUNT is required outside development",
        "a VTEX credential is required outside development",
        "DAILY_MAINTENANCE_CRON=\"5 0 * * *\" is not a six-field cron expression",
        "WORKER_MISSED_HEARTBEATS at least 2",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert_eq!(errors.0.len(), 13, "{text}");
    assert!(!text.contains("too-short"), "secret values never appear");
}

#[test]
fn production_values_are_read() -> Result<(), ConfigErrors> {
    let settings = Settings::read(Env::with_lookup(production_ok))?;
    assert_eq!(settings.api_base_url, "http://api.internal:8080");
    assert_eq!(settings.queue_namespace, "qa:");
    assert_eq!(settings.metrics_host, IpAddr::from([0, 0, 0, 0]));
    assert!(settings.enable_cron);
    assert_eq!(
        settings
            .schedules
            .daily_maintenance
            .as_ref()
            .map(|schedule| schedule.expression()),
        Some("0 10 0 * * *")
    );
    assert_eq!(settings.backup_interval, Duration::from_secs(60));
    assert_eq!(
        (settings.retry.base, settings.retry.max),
        (Duration::from_secs(1), Duration::from_secs(60))
    );
    assert_eq!(
        settings.vtex.base_url,
        "https://medipiel.vtexcommercestable.com.br"
    );
    assert_eq!(settings.vtex.timeout, Duration::from_secs(4));
    assert_eq!(
        (
            settings.liveness.heartbeat_interval,
            settings.liveness.missed_heartbeats
        ),
        (Duration::from_secs(10), 6)
    );
    assert!(
        !format!("{settings:?}").contains("prod-token-value"),
        "Debug never shows the VTEX token"
    );
    assert!(
        !format!("{settings:?}").contains(":pw@"),
        "Debug redacts the Redis URL"
    );
    Ok(())
}

#[test]
fn an_empty_schedule_disables_it() -> Result<(), ConfigErrors> {
    let settings = Settings::read(Env::with_lookup(schedules_disabled))?;
    assert!(settings.schedules.daily_maintenance.is_none());
    assert!(settings.schedules.tier_evaluation.is_none());
    assert!(
        settings.schedules.settlement.is_some(),
        "only the emptied ones"
    );
    Ok(())
}

fn feed_enabled(name: &str) -> Option<String> {
    match name {
        "VTEX_FEED_ENABLED" => Some("true".into()),
        "VTEX_FEED_MAX_LOT" => Some("5".into()),
        other => development(other),
    }
}

#[test]
fn the_feed_poll_ticks_only_when_the_feed_is_enabled() -> Result<(), ConfigErrors> {
    let off = Settings::read(Env::with_lookup(development))?;
    assert!(!off.feed.enabled);
    assert!(off.schedules.vtex_feed_poll.is_none(), "off by default");
    assert_eq!(off.feed.max_lot, 10);
    let on = Settings::read(Env::with_lookup(feed_enabled))?;
    assert_eq!(
        on.schedules
            .vtex_feed_poll
            .as_ref()
            .map(crate::schedules::CronSchedule::expression),
        Some(crate::schedules::VTEX_FEED_POLL_DEFAULT)
    );
    assert_eq!(on.feed.max_lot, 5);
    Ok(())
}
