//! Cross-service tests only (under `tests/`): the api, the worker and the web run in-process
//! against real PostgreSQL, Redis, the SMTP sink (MailDev) and headless Chromium. Nothing in
//! production depends on this crate.
