//! End-to-end flows across the three services.

mod browser;
mod email_round_trip;
mod stack;
