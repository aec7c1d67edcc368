//! `afiliados-api keys jwt add [--kid ID] | status | retire --kid ID` (ADR 0065). The ring is
//! `JWT_KEYS` of this process's environment, which must be the deployment's: `add` and `retire`
//! print the new ring value on stdout for the secret manager (never to the logs), `status` prints
//! kids and times only.

use afiliados_config::ExposeSecret;
use anyhow::Context;

use super::jwt;
use crate::settings::Settings;

/// A `keys jwt …` subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtKeyCommand {
    /// Generate a signing key and print the ring with it first.
    Add {
        /// The new key's id (default `k` + UTC date and time).
        kid: Option<String>,
    },
    /// The signing kid and which older kids may be retired.
    Status,
    /// Print the ring without a key whose tokens have all expired.
    Retire {
        /// The key to drop.
        kid: String,
    },
}

/// Parses what follows `keys jwt`.
pub fn parse(args: &[&str]) -> Result<JwtKeyCommand, String> {
    match args {
        ["add"] => Ok(JwtKeyCommand::Add { kid: None }),
        ["add", "--kid", kid] => Ok(JwtKeyCommand::Add {
            kid: Some((*kid).to_owned()),
        }),
        ["status"] => Ok(JwtKeyCommand::Status),
        ["retire", "--kid", kid] => Ok(JwtKeyCommand::Retire {
            kid: (*kid).to_owned(),
        }),
        other => Err(format!(
            "unknown keys command {other:?}; use keys jwt add [--kid ID] | keys jwt status | \
             keys jwt retire --kid ID"
        )),
    }
}

/// The default kid of `add`: `k` + the UTC date and time to the minute.
pub fn default_kid(now: chrono::DateTime<chrono::Utc>) -> String {
    format!("k{}", now.format("%Y%m%d%H%M"))
}

/// Runs it against `DATABASE_URL` and `JWT_KEYS`.
pub async fn run(command: JwtKeyCommand) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    // `Settings::from_env` already refused a malformed ring.
    let spec = settings.jwt_keys.expose_secret().to_owned();
    let now = chrono::Utc::now();
    if let JwtKeyCommand::Add { kid } = &command {
        let kid = kid.clone().unwrap_or_else(|| default_kid(now));
        let ring = jwt::add(&spec, &kid)?;
        eprintln!(
            "New JWT_KEYS (signing key {kid} first, the others after it for verifying); put it in \
             the secret and deploy. Once JWT_ACCESS_TTL has passed after the deploy, \
             `afiliados-api keys jwt status` tells which old key may be retired:"
        );
        println!("{ring}");
        return Ok(());
    }
    let url = settings.database.url.expose_secret().to_owned();
    let pool = afiliados_db::pool::build(&url, 1, 60_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    let records = afiliados_db::jwt_signing_keys::all(&mut conn)
        .await
        .context("reading jwt_signing_keys")?;
    match command {
        JwtKeyCommand::Add { .. } => Ok(()),
        JwtKeyCommand::Status => {
            for line in jwt::status_lines(&spec, &records, now, settings.access_ttl_seconds) {
                println!("{line}");
            }
            Ok(())
        }
        JwtKeyCommand::Retire { kid } => {
            let ring = jwt::retire(&spec, &records, &kid, now, settings.access_ttl_seconds)?;
            eprintln!(
                "No valid token is signed by {kid}. New JWT_KEYS without it (put it in the \
                 secret and deploy):"
            );
            println!("{ring}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_subcommands() {
        assert_eq!(parse(&["add"]), Ok(JwtKeyCommand::Add { kid: None }));
        assert_eq!(
            parse(&["add", "--kid", "k2026q4"]),
            Ok(JwtKeyCommand::Add {
                kid: Some("k2026q4".into())
            })
        );
        assert_eq!(parse(&["status"]), Ok(JwtKeyCommand::Status));
        assert_eq!(
            parse(&["retire", "--kid", "k1"]),
            Ok(JwtKeyCommand::Retire { kid: "k1".into() })
        );
    }

    #[test]
    fn refuses_missing_and_unknown_arguments_with_the_usage() {
        let cases: [&[&str]; 6] = [
            &[],
            &["retire"],
            &["retire", "k1"],
            &["add", "--kid"],
            &["rotate"],
            &["status", "--all"],
        ];
        for args in cases {
            let error = parse(args).unwrap_err();
            assert!(
                error.contains("keys jwt retire --kid ID"),
                "{args:?}: {error}"
            );
        }
    }

    #[test]
    fn the_default_kid_is_the_utc_minute() {
        let now = chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap();
        assert_eq!(default_kid(now), "k202611300053");
    }
}
