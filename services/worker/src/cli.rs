//! The worker binary's command line ([`parse`]) and its backup subcommands (operations contract §4,
//! `make backup`, `make restore`):
//! - `backup now`: one backup with this environment's settings, reported to the api;
//! - `backup list`: the snapshots in the store, from their manifests (works with the api down);
//! - `backup restore --snapshot KEY --target-database-url URL`: verify, decrypt, `pg_restore`
//!   into an existing empty database, with a progress line on stderr. Exits non-zero on a
//!   tampered snapshot, before touching the target.

use std::io::Write as _;

use afiliados_config::{Env, SecretString};
use afiliados_worker::backup::{self, BackupSettings, Backups};
use anyhow::{Context as _, bail};

const USAGE: &str = "usage: afiliados-worker [serve] | backup now | backup list | backup restore --snapshot KEY --target-database-url URL | vtex configure-feed";

/// A command line of the worker binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// `[serve]`: run the worker.
    Serve,
    /// `backup now`.
    BackupNow,
    /// `backup list`.
    BackupList,
    /// `backup restore --snapshot KEY --target-database-url URL`.
    BackupRestore {
        /// The snapshot's storage key.
        snapshot: String,
        /// The empty database to restore into.
        target: String,
    },
    /// `vtex configure-feed`: subscribe the VTEX feed v3 to `VTEX_HOOK_STATUSES` (`vtex.md` §7).
    VtexConfigureFeed,
}

/// Parses `argv[1..]` without running anything (the runbooks' check calls it too).
pub(crate) fn parse(args: &[String]) -> Result<Command, String> {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => Ok(Command::Serve),
        ["backup", "now"] => Ok(Command::BackupNow),
        ["backup", "list"] => Ok(Command::BackupList),
        ["backup", "restore", options @ ..] => {
            let mut snapshot = None;
            let mut target = None;
            let mut rest = options.iter();
            while let Some(flag) = rest.next() {
                match *flag {
                    "--snapshot" => snapshot = rest.next().map(|s| (*s).to_owned()),
                    "--target-database-url" => target = rest.next().map(|s| (*s).to_owned()),
                    other => return Err(format!("unknown option {other:?}; {USAGE}")),
                }
            }
            match (snapshot, target) {
                (Some(snapshot), Some(target)) => Ok(Command::BackupRestore { snapshot, target }),
                _ => Err(USAGE.to_owned()),
            }
        }
        ["backup", ..] => Err(USAGE.to_owned()),
        ["vtex", "configure-feed"] => Ok(Command::VtexConfigureFeed),
        other => Err(format!("unknown command {other:?}; {USAGE}")),
    }
}

/// Runs a command other than [`Command::Serve`].
pub(crate) async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve => bail!("serve is handled by main"),
        Command::BackupNow => now().await,
        Command::BackupList => list().await,
        Command::BackupRestore { snapshot, target } => restore(snapshot, target).await,
        Command::VtexConfigureFeed => crate::vtex_cli::configure_feed().await,
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

async fn restore(snapshot: String, target: String) -> anyhow::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_command_line_is_parsed_without_running_anything() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&args("backup list")), Ok(Command::BackupList));
        assert_eq!(
            parse(&args(
                "backup restore --snapshot backups/x.dump.enc --target-database-url postgres://h/db"
            )),
            Ok(Command::BackupRestore {
                snapshot: "backups/x.dump.enc".into(),
                target: "postgres://h/db".into(),
            })
        );
        assert!(parse(&args("backup restore --snapshot k")).is_err());
        assert!(parse(&args("backup erase")).is_err());
        assert!(parse(&args("restore")).is_err());
        assert_eq!(
            parse(&args("vtex configure-feed")),
            Ok(Command::VtexConfigureFeed)
        );
        assert!(parse(&args("vtex configure-feed now")).is_err());
    }

    /// Every `afiliados-worker …` a support runbook shows is one this parser accepts (ADR 0066).
    #[test]
    fn the_runbooks_call_only_real_worker_subcommands() {
        let pages = afiliados_testkit::runbooks::load();
        let problems =
            afiliados_testkit::runbooks::command_problems(&pages, "afiliados-worker", |args| {
                parse(args).map(|_| ())
            });
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(afiliados_testkit::runbooks::command_count(&pages, "afiliados-worker") >= 3);
    }
}
