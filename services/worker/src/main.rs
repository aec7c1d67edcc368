//! `afiliados-worker [serve]`: read the settings, start telemetry, run until SIGTERM or ctrl-c.
//! `afiliados-worker backup now|list|restore …`: the backup commands (`cli`).
//! `afiliados-worker vtex configure-feed`: the VTEX feed's configuration (`vtex_cli`).

use anyhow::Context as _;

mod cli;
mod vtex_cli;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => {}
        Some("backup") => return cli::backup(&args[1..]).await,
        Some("vtex") => return vtex_cli::vtex(&args[1..]).await,
        Some(other) => anyhow::bail!(
            "unknown command {other:?}; usage: afiliados-worker [serve] | backup now | backup list | backup restore --snapshot KEY --target-database-url URL | vtex configure-feed"
        ),
    }
    let settings =
        afiliados_worker::Settings::from_env().context("reading the worker configuration")?;
    let _telemetry = afiliados_telemetry::init(&settings.telemetry)?;
    // Boxed: the whole worker's future (one apalis worker per queue) is too big for the stack.
    Box::pin(afiliados_worker::run(
        settings,
        afiliados_worker::shutdown_signal(),
    ))
    .await
}
