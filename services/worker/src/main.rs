//! `afiliados-worker [serve]`: read the settings, start telemetry, run until SIGTERM or ctrl-c.

use anyhow::Context as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        None | Some("serve") => {}
        Some(other) => anyhow::bail!("unknown command {other:?}; usage: afiliados-worker [serve]"),
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
