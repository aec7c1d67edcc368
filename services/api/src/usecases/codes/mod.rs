//! Discount codes: their derived status and the VTEX coupon syncs that follow from it.

pub mod recompute;
