//! Money and percentages over `rust_decimal` (`domain.md` §0, `api.md` §0.2).
//!
//! JSON: both serialise as numbers with exactly two decimals (`20223.00`, `12.50`) written from the
//! exact decimal; both deserialise from a number or a numeric string with at most two decimals.

use std::iter::Sum;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::FieldCode;

/// The one rounding function: two decimals, half away from zero.
pub fn round_money(x: Decimal) -> Decimal {
    let mut rounded = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// Parses `^[+-]?[0-9]+(\.[0-9]{1,2})?$` after trimming (`invalid_amount` otherwise): no
/// exponent, no separators.
fn parse_two_decimals(raw: &str) -> Result<Decimal, FieldCode> {
    let text = raw.trim();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) || frac.len() > 2 {
        return Err(FieldCode::InvalidAmount);
    }
    let value = Decimal::from_str(text).map_err(|_| FieldCode::InvalidAmount)?;
    check_scale(value)
}

fn check_scale(value: Decimal) -> Result<Decimal, FieldCode> {
    if value.scale() > 2 {
        return Err(FieldCode::InvalidAmount);
    }
    let mut value = value;
    value.rescale(2);
    Ok(value)
}

/// An amount in the brand's currency, always held with scale 2. May be negative (ledger debits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// An exact amount; more than two decimals → `invalid_amount` (never rounds silently).
    pub fn from_decimal(value: Decimal) -> Result<Money, FieldCode> {
        check_scale(value).map(Money)
    }

    /// `round_money(value)`: for the places where a rule says to round.
    pub fn rounded(value: Decimal) -> Money {
        Money(round_money(value))
    }

    /// Whole currency units (`Money::from_units(500_000)`).
    pub fn from_units(units: i64) -> Money {
        Money(round_money(Decimal::from(units)))
    }

    /// VTEX integer cents divided by 100 exactly.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// Parses a numeric string with at most two decimals (`invalid_amount`).
    pub fn parse(raw: &str) -> Result<Money, FieldCode> {
        parse_two_decimals(raw).map(Money)
    }

    /// The exact decimal (scale 2).
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// `amount × rate / 100`, unrounded: callers apply [`round_money`] where their rule says.
    pub fn times_percent(self, rate: Percent) -> Decimal {
        self.0 * rate.value() / Decimal::ONE_HUNDRED
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Whether the amount is above zero.
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Money {
    type Err = FieldCode;
    fn from_str(raw: &str) -> Result<Money, FieldCode> {
        Money::parse(raw)
    }
}

/// A rate between 0.00 and 100.00 with at most two decimals, held with scale 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    /// 0.00 %.
    pub const ZERO: Percent = Percent(Decimal::from_parts(0, 0, 0, false, 2));
    /// 100.00 %.
    pub const HUNDRED: Percent = Percent(Decimal::from_parts(10_000, 0, 0, false, 2));

    /// Exact rate: more than two decimals → `invalid_amount`; outside 0–100 → `out_of_range`.
    pub fn from_decimal(value: Decimal) -> Result<Percent, FieldCode> {
        let value = check_scale(value)?;
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(FieldCode::OutOfRange);
        }
        Ok(Percent(value))
    }

    /// Parses a numeric string (same codes as [`Percent::from_decimal`]).
    pub fn parse(raw: &str) -> Result<Percent, FieldCode> {
        Percent::from_decimal(parse_two_decimals(raw)?)
    }

    /// The rate (12.50 means 12.5 %).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Percent {
    type Err = FieldCode;
    fn from_str(raw: &str) -> Result<Percent, FieldCode> {
        Percent::parse(raw)
    }
}

fn serialize_two_decimals<S: Serializer>(value: Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let mut value = value;
    value.rescale(2);
    rust_decimal::serde::arbitrary_precision::serialize(&value, serializer)
}

/// The key `serde_json` uses for a number kept as text (its `arbitrary_precision` feature).
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

struct DecimalVisitor;

impl<'de> serde::de::Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number or a numeric string with at most two decimals")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Only formats without exact numbers get here; the shortest text of the double is
        // what the sender wrote.
        parse_two_decimals(&value.to_string()).map_err(E::custom)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Decimal, E> {
        parse_two_decimals(value).map_err(E::custom)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == JSON_NUMBER_TOKEN => {
                let text: String = map.next_value()?;
                parse_two_decimals(&text).map_err(serde::de::Error::custom)
            }
            _ => Err(serde::de::Error::custom(FieldCode::InvalidAmount.as_str())),
        }
    }
}

/// A number or numeric string; the text of a JSON number is kept exact (arbitrary precision).
fn deserialize_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer
        .deserialize_any(DecimalVisitor)
        .map_err(|_| serde::de::Error::custom(FieldCode::InvalidAmount.as_str()))
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_two_decimals(self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let value = deserialize_decimal(deserializer)?;
        Money::from_decimal(value).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_two_decimals(self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        let value = deserialize_decimal(deserializer)?;
        Percent::from_decimal(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
