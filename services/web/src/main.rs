//! `afiliados-web`: loads the settings, starts telemetry and serves until stopped.

use afiliados_web::{Application, Settings};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(errors) => {
            eprintln!("{errors}");
            std::process::exit(1);
        }
    };
    let _telemetry = afiliados_telemetry::init(&settings.telemetry)?;
    Application::build(settings)
        .await?
        .run_until_stopped()
        .await?;
    Ok(())
}
