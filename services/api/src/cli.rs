//! The api binary's subcommands: `serve` (default), `migrate`, `seed dev|dev-orders|qa`,
//! `openapi`, `bench-dataset` and `bench-payouts` (the datasets of `make bench`, development only),
//! `certificates withholding` (Finance's bulk withholding certificates of a year, ADR 0050),
//! `keys data add|status|rotate|retire` (the data key ring's rotation, ADR 0063),
//! `keys jwt add|status|retire` (the JWT key ring's rotation, ADR 0065), `bench-recon-day`
//! (the reconciliation bench's day, ADR 0071).
//!
//! `migrate` connects as the owner role (`MIGRATION_DATABASE_URL`); `serve` and the seeds as the
//! runtime role (`DATABASE_URL`), which owns nothing (ADR 0023).

use afiliados_config::{Env, ExposeSecret};
use anyhow::Context;

use crate::seed;
use crate::settings::Settings;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve HTTP.
    Serve,
    /// Apply pending migrations.
    Migrate,
    /// Revert every migration (scratch databases only: refused outside development).
    MigrateDownAll,
    /// Demo data.
    SeedDev,
    /// Demo orders through the running api, VTEX sandbox and worker, then a settlement.
    SeedDevOrders,
    /// QA data.
    SeedQa,
    /// Print the OpenAPI document.
    OpenApi,
    /// Generate the benchmark dataset (`--orders N --influencers K`).
    BenchDataset(crate::bench_dataset::DatasetSpec),
    /// Write the withholding certificates of a tax year (`--year YYYY --out DIR`).
    WithholdingCertificates(crate::statement_bulk::BulkSpec),
    /// Generate approved, payable withdrawals for the payout bench (`--withdrawals N`).
    BenchPayouts(i64),
    /// `keys data …`: the data key ring's rotation.
    DataKey(crate::keys::command::DataKeyCommand),
    /// `keys jwt …`: the JWT key ring's rotation.
    JwtKey(crate::keys::jwt_command::JwtKeyCommand),
    /// Generate the reconciliation bench's day (`--orders N --days-ago D --out FILE`).
    BenchReconDay(crate::bench_recon_day::DaySpec),
}

/// Parses `argv[1..]`.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => Ok(Command::Serve),
        ["migrate"] => Ok(Command::Migrate),
        ["migrate", "--revert-all"] => Ok(Command::MigrateDownAll),
        ["seed", "dev"] | ["seed"] => Ok(Command::SeedDev),
        ["seed", "dev-orders"] => Ok(Command::SeedDevOrders),
        ["seed", "qa"] => Ok(Command::SeedQa),
        ["openapi"] => Ok(Command::OpenApi),
        ["bench-dataset", options @ ..] => {
            crate::bench_dataset::parse_args(options).map(Command::BenchDataset)
        }
        ["certificates", "withholding", options @ ..] => {
            crate::statement_bulk::parse_args(options).map(Command::WithholdingCertificates)
        }
        ["bench-payouts", options @ ..] => {
            crate::bench_payouts::parse_args(options).map(Command::BenchPayouts)
        }
        ["keys", "data", rest @ ..] => crate::keys::command::parse(rest).map(Command::DataKey),
        ["keys", "jwt", rest @ ..] => crate::keys::jwt_command::parse(rest).map(Command::JwtKey),
        ["bench-recon-day", options @ ..] => {
            crate::bench_recon_day::parse_args(options).map(Command::BenchReconDay)
        }
        other => Err(format!(
            "unknown command {other:?}; use serve | migrate | seed dev | seed dev-orders | seed qa | \
             openapi | bench-dataset [--orders N] [--influencers K] | bench-payouts [--withdrawals N] | \
             certificates withholding --year YYYY --out DIR [--locale es|en] | \
             keys data add|status|rotate|retire | keys jwt add|status|retire | \
             bench-recon-day --out FILE [--orders N] [--days-ago D] [--influencers K] [--prefix P]"
        )),
    }
}

/// The owner role's URL, and whether this is a development environment.
fn migration_database_url() -> anyhow::Result<(String, bool)> {
    let mut env = Env::load();
    let development = env.app_env().is_development();
    let url = env.required_var("MIGRATION_DATABASE_URL");
    env.finish()?;
    Ok((url, development))
}

/// Runs a non-serving command.
pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve => unreachable_serve(),
        Command::OpenApi => {
            println!("{}", crate::openapi::json());
            Ok(())
        }
        Command::Migrate => {
            let (url, _) = migration_database_url()?;
            let applied = afiliados_db::run_migrations(&url).await?;
            println!("{} migrations applied", applied.len());
            for version in applied {
                println!("  applied {version}");
            }
            Ok(())
        }
        Command::MigrateDownAll => {
            let (url, development) = migration_database_url()?;
            // It drops every table: a typo against a real database would erase it.
            anyhow::ensure!(
                development,
                "migrate --revert-all runs only with APP_ENV=development or test"
            );
            let reverted = afiliados_db::migrate::revert_all(&url).await?;
            println!("{} migrations reverted", reverted.len());
            Ok(())
        }
        Command::SeedDev | Command::SeedQa => run_seed(command).await,
        Command::SeedDevOrders => run_seed_orders().await,
        Command::BenchDataset(spec) => crate::bench_dataset::run(spec).await,
        Command::WithholdingCertificates(spec) => crate::statement_bulk::run(spec).await,
        Command::BenchPayouts(count) => crate::bench_payouts::run(count).await,
        Command::DataKey(command) => crate::keys::command::run(command).await,
        Command::JwtKey(command) => crate::keys::jwt_command::run(command).await,
        Command::BenchReconDay(spec) => crate::bench_recon_day::run(spec).await,
    }
}

fn unreachable_serve() -> anyhow::Result<()> {
    anyhow::bail!("serve is handled by main")
}

/// `seed dev-orders`: needs the api, the VTEX sandbox and the worker running (ADR 0043).
async fn run_seed_orders() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    anyhow::ensure!(
        settings.app_env.is_development(),
        "seed dev-orders runs only with APP_ENV=development or test"
    );
    let mut env = Env::load();
    let sandbox = seed::SandboxTarget::from_env(&mut env);
    env.finish()?;
    seed::seed_dev_orders(&settings, sandbox, seed::OrderSeedTimeouts::default()).await?;
    Ok(())
}

async fn run_seed(command: Command) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let url = settings.database.url.expose_secret().to_owned();
    let pending = afiliados_db::pending_migrations(&url).await?;
    anyhow::ensure!(
        pending.is_empty(),
        "{} migrations are pending; run `afiliados-api migrate` first",
        pending.len()
    );
    let pool = afiliados_db::pool::build(&url, 2, 60_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    let tenant =
        afiliados_db::tenants::ensure(&mut conn, &settings.tenant_slug, "Medipiel").await?;
    let hasher = afiliados_auth::PasswordHasher::new(settings.argon2)?;
    if command == Command::SeedDev {
        anyhow::ensure!(
            settings.app_env.is_development(),
            "seed dev runs only with APP_ENV=development or test"
        );
        let mut env = Env::load();
        let password = env.var_or("SEED_PASSWORD", "Changeit!2024");
        env.finish()?;
        seed::seed_dev(&mut conn, tenant.id, &hasher, &password, &settings).await
    } else {
        let secrets = seed::QaSecrets::from_env()?;
        let keys = afiliados_crypto::KeyRing::parse(settings.data_encryption_key.expose_secret())?;
        seed::seed_qa(&mut conn, tenant.id, &hasher, &keys, &secrets, &settings).await
    }
}
