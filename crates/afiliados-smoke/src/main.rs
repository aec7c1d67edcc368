//! `afiliados-smoke`: see the library and `docs/deployment.md`. Exit status 0 when all seven
//! steps pass, 1 at the first failure, 2 on bad configuration.

use std::process::ExitCode;

use afiliados_smoke::config::{Config, Invocation, USAGE, parse_args};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let flags = match parse_args(std::env::args().skip(1)) {
        Ok(Invocation::Run(flags)) => flags,
        Ok(Invocation::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("afiliados-smoke: {problem}");
            return ExitCode::from(2);
        }
    };
    let config = match Config::read(&flags, &|name: &str| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!(
                "afiliados-smoke: {} configuration problem(s):",
                problems.len()
            );
            for problem in problems {
                eprintln!("  - {problem}");
            }
            return ExitCode::from(2);
        }
    };
    println!(
        "smoke: api {} · web {} · alerts from {}",
        config.api_url,
        config.web_url,
        config
            .prometheus_url
            .as_ref()
            .map_or_else(|| "the services' metrics".to_owned(), ToString::to_string)
    );
    let mut stdout = std::io::stdout();
    if afiliados_smoke::run(&config, afiliados_smoke::steps::system_clock, &mut stdout).await {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
