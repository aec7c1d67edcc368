//! `afiliados-api`: parse the command, start telemetry, dispatch.

use afiliados_api::cli::{self, Command};
use afiliados_api::{Application, Settings};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Serve => serve().await,
        other => cli::run(other).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("afiliados-api: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let _telemetry = afiliados_telemetry::init(&settings.telemetry)?;
    tracing::info!(
        database = %settings.database.redacted(),
        port = settings.port,
        env = ?settings.app_env,
        "starting marketing-afiliados-api"
    );
    settings.payer.warn_if_missing();
    let application = Application::build(settings).await?;
    tracing::info!(port = application.port(), "listening");
    application.run_until_stopped().await?;
    Ok(())
}
