//! The exact-decimal conversions every catalogue representation needs (stored `NUMERIC` to the
//! domain's money and percent). Field problems are collected with [`super::Problems`].

use afiliados_domain::{Money, Percent};
use rust_decimal::Decimal;

/// A stored `NUMERIC(14, 2)` as money.
pub fn money(value: Decimal) -> Money {
    Money::rounded(value)
}

/// A stored `NUMERIC(5, 2)` rate as a percent (the CHECK constraints keep it in 0–100).
pub fn percent(value: Decimal) -> Percent {
    Percent::from_decimal(afiliados_domain::round_money(value)).unwrap_or_default()
}
