//! The `afiliados-vtex-sandbox` binary: reads the `VTEX_SANDBOX_*` variables (see the library's
//! `config` module), optionally takes a fixtures directory as its only argument (which selects the
//! `fixtures` seed), and serves until Ctrl-C. Refuses to start with `APP_ENV=production`.

use afiliados_config::{AppEnv, Env, TelemetryConfig};
use afiliados_vtex_sandbox::{SandboxConfig, spawn};
use anyhow::Context as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut env = Env::load();
    if env.app_env() == AppEnv::Production {
        anyhow::bail!("the VTEX sandbox refuses to start with APP_ENV=production");
    }
    let telemetry = TelemetryConfig::from_env(
        &mut env,
        "marketing-afiliados-vtex-sandbox",
        "VTEX_SANDBOX_LOG_LEVEL",
    );
    let mut config = SandboxConfig::from_env(&mut env);
    env.finish()?;
    if let Some(dir) = std::env::args_os().nth(1) {
        config = config.with_fixtures(dir);
    }
    let _guard = afiliados_telemetry::init(&telemetry)?;

    let running = spawn(config).await.context("starting the VTEX sandbox")?;
    tracing::info!(url = running.base_url(), "VTEX sandbox listening");
    running
        .run_until(async {
            // An error here means no signal handler could be installed: serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            tracing::info!("stopping the VTEX sandbox");
        })
        .await
}
