//! The backup subcommands (operations contract §4, `make backup`, `make restore`):
//! - `backup now`: one backup with this environment's settings, reported to the api;
//! - `backup list`: the snapshots in the store, from their manifests (works with the api down);
//! - `backup restore --snapshot KEY --target-database-url URL`: verify, decrypt, `pg_restore`
//!   into an existing empty database, with a progress line on stderr. Exits non-zero on a
//!   tampered snapshot, before touching the target.

use std::io::Write as _;

use afiliados_config::{Env, SecretString};
use afiliados_worker::backup::{self, BackupSettings, Backups};
use anyhow::{Context as _, bail};

const USAGE: &str = "usage: afiliados-worker backup now | backup list | backup restore --snapshot KEY --target-database-url URL";

/// Dispatches `backup …`.
pub(crate) async fn backup(args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        Some("now") => now().await,
        Some("list") => list().await,
        Some("restore") => restore(&args[1..]).await,
        _ => bail!("{USAGE}"),
    }
}

fn backup_settings() -> anyhow::Result<BackupSettings> {
    let mut env = Env::load();
    let settings = BackupSettings::read(&mut env);
    env.finish().context("reading the backup configuration")?;
    Ok(settings)
}

async fn now() -> anyhow::Result<()> {
    let settings =
        afiliados_worker::Settings::from_env().context("reading the worker configuration")?;
    let _telemetry = afiliados_telemetry::init(&settings.telemetry)?;
    let backups = Backups::new(&settings.backup)?;
    let api = afiliados_worker::internal_api(&settings)?;
    let report = backup::run(&backups, &api, chrono::Utc::now()).await?;
    println!(
        "backup {} stored: {} ({} bytes, sha256 {}), tier {}, {} expired pruned",
        report.snapshot_id,
        report.manifest.storage_key,
        report.manifest.size_bytes,
        report.manifest.sha256,
        report.tier.as_str(),
        report.pruned
    );
    Ok(())
}

async fn list() -> anyhow::Result<()> {
    let settings = backup_settings()?;
    let store = afiliados_storage::ObjectStore::from_config(&settings.storage)?;
    let manifests = backup::restore::list(&store).await?;
    if manifests.is_empty() {
        println!("no backups in the store");
    }
    for manifest in manifests {
        println!(
            "{}  {}  {:>12} bytes  key {}  postgres {}",
            manifest.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
            manifest.storage_key,
            manifest.size_bytes,
            manifest.encryption_key_id,
            manifest.db_version
        );
    }
    Ok(())
}

async fn restore(args: &[String]) -> anyhow::Result<()> {
    let mut snapshot = None;
    let mut target = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--snapshot" => snapshot = rest.next().cloned(),
            "--target-database-url" => target = rest.next().cloned(),
            other => bail!("unknown option {other:?}; {USAGE}"),
        }
    }
    let (Some(snapshot), Some(target)) = (snapshot, target) else {
        bail!("{USAGE}");
    };
    let settings = backup_settings()?;
    let store = afiliados_storage::ObjectStore::from_config(&settings.storage)?;
    let keyring = settings.keyring()?;
    let target = SecretString::from(target);
    let mut last_percent = u64::MAX;
    let restored = backup::restore::restore(
        &store,
        &keyring,
        &snapshot,
        &target,
        &std::env::temp_dir(),
        |done, total| {
            let percent = done.saturating_mul(100) / total.max(1);
            if percent != last_percent {
                last_percent = percent;
                eprint!(
                    "\rrestoring {snapshot}: {:>6.1} / {:.1} MiB ({percent:>3}%)",
                    mib(done),
                    mib(total)
                );
                let _ = std::io::stderr().flush();
            }
        },
    )
    .await;
    eprintln!();
    let restored = restored?;
    println!(
        "restored {} (taken {}, {} dump bytes) into the target database",
        restored.manifest.storage_key, restored.manifest.created_at, restored.dump_bytes
    );
    Ok(())
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
