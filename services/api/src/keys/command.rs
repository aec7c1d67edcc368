//! `afiliados-api keys data add [--key-id ID] | status | rotate [--batch-size N] [--max-batches N]
//! | retire --key-id ID`. The ring is `DATA_ENCRYPTION_KEY`; `add` and `retire` print the new ring
//! value on stdout for the secret manager (never to the logs), the others print counts only.

use afiliados_config::ExposeSecret;
use afiliados_crypto::KeyRing;
use anyhow::Context;

use super::data::{self, RotateOptions};
use crate::settings::Settings;

/// A `keys data …` subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataKeyCommand {
    /// Generate a key and print the ring with it first.
    Add {
        /// The new key's id (default `k` + UTC date and time).
        key_id: Option<String>,
    },
    /// Counts per key id.
    Status,
    /// Re-seal every value not under the active key.
    Rotate {
        /// Values per batch.
        batch_size: i64,
        /// Stop after this many batches.
        max_batches: Option<u64>,
    },
    /// Print the ring without a key nothing uses.
    Retire {
        /// The key to drop.
        key_id: String,
    },
}

/// Parses what follows `keys data`.
pub fn parse(args: &[&str]) -> Result<DataKeyCommand, String> {
    match args {
        ["add"] => Ok(DataKeyCommand::Add { key_id: None }),
        ["add", "--key-id", id] => Ok(DataKeyCommand::Add {
            key_id: Some((*id).to_owned()),
        }),
        ["status"] => Ok(DataKeyCommand::Status),
        ["retire", "--key-id", id] => Ok(DataKeyCommand::Retire {
            key_id: (*id).to_owned(),
        }),
        ["rotate", options @ ..] => {
            let mut defaults = RotateOptions::default();
            let mut rest = options;
            while let [flag, value, tail @ ..] = rest {
                match *flag {
                    "--batch-size" => {
                        defaults.batch_size = value
                            .parse()
                            .ok()
                            .filter(|n: &i64| *n > 0)
                            .ok_or("--batch-size takes a positive number")?;
                    }
                    "--max-batches" => {
                        defaults.max_batches = Some(
                            value
                                .parse()
                                .map_err(|_| "--max-batches takes a number".to_owned())?,
                        );
                    }
                    other => return Err(format!("unknown option {other:?}")),
                }
                rest = tail;
            }
            if !rest.is_empty() {
                return Err(format!("option {:?} needs a value", rest[0]));
            }
            Ok(DataKeyCommand::Rotate {
                batch_size: defaults.batch_size,
                max_batches: defaults.max_batches,
            })
        }
        other => Err(format!(
            "unknown keys command {other:?}; use keys data add [--key-id ID] | keys data status | \
             keys data rotate [--batch-size N] [--max-batches N] | keys data retire --key-id ID"
        )),
    }
}

/// Runs it against `DATABASE_URL`, object storage and `DATA_ENCRYPTION_KEY`.
pub async fn run(command: DataKeyCommand) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let spec = settings.data_encryption_key.expose_secret().to_owned();
    let ring = KeyRing::parse(&spec)?;
    if let DataKeyCommand::Add { key_id } = &command {
        let key_id = key_id
            .clone()
            .unwrap_or_else(|| format!("k{}", chrono::Utc::now().format("%Y%m%d%H%M")));
        let ring = data::add(&spec, &key_id)?;
        eprintln!(
            "New DATA_ENCRYPTION_KEY (key {key_id} first, the others after it); put it in the \
             secret, deploy, then run `afiliados-api keys data rotate`:"
        );
        println!("{ring}");
        return Ok(());
    }
    let url = settings.database.url.expose_secret().to_owned();
    let pool = afiliados_db::pool::build(&url, 2, 600_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    match command {
        DataKeyCommand::Add { .. } => Ok(()),
        DataKeyCommand::Status => {
            let counts = data::status(&mut conn).await?;
            println!("active key: {}", ring.active_key_id());
            for count in &counts {
                println!("{:>10}  {:<12} {}", count.count, count.key_id, count.name);
            }
            for key_id in ring.key_ids() {
                println!(
                    "key {key_id}: {} values",
                    data::count_under(&counts, key_id)
                );
            }
            Ok(())
        }
        DataKeyCommand::Rotate {
            batch_size,
            max_batches,
        } => {
            let store = afiliados_storage::ObjectStore::from_config(&settings.onboarding.storage)?;
            let options = RotateOptions {
                batch_size,
                max_batches,
            };
            let report = data::rotate(&mut conn, &store, &ring, options, |p| {
                eprintln!("{}", progress_line(p.name, p.done, p.total));
            })
            .await?;
            println!(
                "{} values re-sealed under {} in {} batches{}",
                report.rewritten,
                ring.active_key_id(),
                report.batches,
                if report.finished {
                    ""
                } else {
                    " (stopped early: run it again to continue)"
                }
            );
            Ok(())
        }
        DataKeyCommand::Retire { key_id } => {
            let counts = data::status(&mut conn).await?;
            let ring = data::retire(&spec, &ring, &counts, &key_id)?;
            eprintln!("Nothing is sealed under {key_id}. New DATA_ENCRYPTION_KEY without it:");
            println!("{ring}");
            Ok(())
        }
    }
}

/// `[#####-----] 120/500 name`.
pub fn progress_line(name: &str, done: u64, total: u64) -> String {
    const WIDTH: u64 = 30;
    // Nothing to do is a full bar.
    let filled = (done.min(total) * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH);
    let filled = usize::try_from(filled).unwrap_or(0);
    let width = usize::try_from(WIDTH).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total} {name}",
        "#".repeat(filled),
        "-".repeat(width - filled)
    )
}
