//! The VTEX subcommands (`vtex.md` §7):
//! - `vtex configure-feed`: subscribes the account's feed v3 to `VTEX_HOOK_STATUSES` with the
//!   worker's visibility timeout (250 s) and retention (4 days), and prints what it configured.
//!
//! Reads only the VTEX client's variables (`VTEX_*`) and `VTEX_HOOK_STATUSES`: it needs neither
//! the api nor Redis.

use afiliados_config::Env;
use afiliados_vtex::{VtexClient, VtexConfig};
use afiliados_worker::feed_settings::FeedSettings;
use anyhow::Context as _;

/// `vtex configure-feed` (parsed by `cli::parse`).
pub(crate) async fn configure_feed() -> anyhow::Result<()> {
    let mut env = Env::load();
    let config = VtexConfig::from_env(&mut env);
    let feed = FeedSettings::read(&mut env);
    env.finish().context("reading the VTEX configuration")?;
    let client = VtexClient::new(config).context("building the VTEX client")?;
    let sent = client
        .configure_feed(&feed.statuses)
        .await
        .context("POST /api/orders/feed/config")?;
    println!(
        "configured the VTEX feed of {} (credential {}):\n{}",
        client.base_url(),
        client.current_credential_label().unwrap_or("none"),
        serde_json::to_string_pretty(&sent)?
    );
    if !feed.enabled {
        println!("note: VTEX_FEED_ENABLED is not true, so the worker does not poll the feed yet");
    }
    Ok(())
}
