//! `afiliados-worker [serve]`: read the settings, start telemetry, run until SIGTERM or ctrl-c.
//! `afiliados-worker backup now|list|restore …`: the backup commands (`cli`).
//! `afiliados-worker vtex configure-feed`: the VTEX feed's configuration (`vtex_cli`).

use anyhow::Context as _;

mod cli;
mod vtex_cli;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args).map_err(anyhow::Error::msg)? {
        cli::Command::Serve => {}
        command => return cli::run(command).await,
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
