//! The post-deploy smoke tool (`operations.md` §5): seven steps in order against a running stack,
//! one line each, stopping at the first failure. It talks HTTP only — to the api as a client, to
//! the web as a browser, to Prometheus or the metrics endpoints — and links no database crate.

pub mod config;
pub mod html;
pub mod http;
pub mod prometheus_text;
pub mod report;
pub mod steps;
pub mod totp;

use std::io::Write;
use std::time::Instant;

use config::Config;
use report::Outcome;
use steps::{Clock, Session, Step};

/// Runs every step, writing one line each to `out` (flushed per line, so a slow step shows what
/// already passed); true when all seven passed.
pub async fn run(config: &Config, now: Clock, out: &mut dyn Write) -> bool {
    let started = Instant::now();
    let clients = match http::Clients::new(config) {
        Ok(clients) => clients,
        Err(reason) => {
            let _ = writeln!(out, "smoke: {reason}");
            return false;
        }
    };
    let mut session = Session {
        config,
        clients,
        now,
        admin_token: None,
    };
    let mut outcomes = Vec::new();
    let mut failed: Option<usize> = None;
    for step in Step::ALL {
        let begun = Instant::now();
        let outcome = match failed {
            Some(n) => Outcome::Skip(n),
            None => match step.run(&mut session).await {
                Ok(detail) => Outcome::Pass(detail),
                Err(reason) => {
                    failed = Some(step.number());
                    Outcome::Fail(reason)
                }
            },
        };
        let _ = writeln!(out, "{}", report::line(step, &outcome, begun.elapsed()));
        let _ = out.flush();
        outcomes.push(outcome);
    }
    let _ = writeln!(out, "{}", report::summary(&outcomes, started.elapsed()));
    failed.is_none()
}
