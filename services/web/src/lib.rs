//! The web BFF of marketing-afiliados: server-side HTML (askama) for staff and influencers, an
//! encrypted cookie session, CSRF-checked forms, and every read and write done through the public
//! api with the signed-in user's token. It never links diesel, the jobs crate or the JWT keys.
//!
//! Reads `WEB_HOST`, `WEB_PORT`, `WEB_API_BASE_URL`, `WEB_API_TIMEOUT_MS`, `WEB_SESSION_KEY`,
//! `WEB_PUBLIC_URL` and the telemetry variables (see [`Settings`]).

mod assets;
mod chart;
mod context;
mod csrf;
mod download;
mod error;
mod error_messages;
mod format;
mod forms;
mod i18n;
mod layout;
mod middleware;
mod multipart;
mod nav;
mod pager;
mod pages;
mod percent;
mod qr;
mod session;
mod settings;
mod startup;

pub use settings::Settings;
pub use startup::Application;

#[cfg(test)]
mod tests;
