//! End-to-end flows across the three services.
#![expect(
    clippy::expect_used,
    reason = "test set-up that fails should stop the test loudly"
)]

mod browser;
mod chrome;
mod client_address;
mod coupon_sync;
mod email_round_trip;
mod feed_backstop;
mod money_browser;
mod onboarding_story;
mod orders;
mod payout_browser;
mod private_postgres;
mod program;
mod proxy;
mod reconciliation;
mod reconciliation_browser;
mod seed_orders;
mod smoke;
mod stack;
mod sync_failure;
mod worker_process;
