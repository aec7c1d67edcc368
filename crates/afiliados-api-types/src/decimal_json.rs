//! Decimals that are neither money nor a `Percent` (ratios, computed rates) written the way
//! `api.md` §0.2 writes money and percentages: a JSON **number** from the exact digits (never a
//! float, never a string), with a fixed number of decimals so a reader sees `10.00`, not `10`.
//! Reading accepts a number or a numeric string, like every amount the api reads.

use rust_decimal::Decimal;
use rust_decimal::serde::arbitrary_precision_option;
use serde::{Deserializer, Serializer};

fn write<S: Serializer>(
    value: Option<Decimal>,
    scale: u32,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let value = value.map(|mut value| {
        value.rescale(scale);
        value
    });
    arbitrary_precision_option::serialize(&value, serializer)
}

/// An optional rate with exactly two decimals (`effectiveCommissionRate`: `9.97`, `10.00`).
pub mod two_decimals_option {
    use super::*;

    /// Writes `value` with scale 2.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write(*value, 2, serializer)
    }

    /// Reads a number or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        arbitrary_precision_option::deserialize(deserializer)
    }
}

/// An optional ratio with exactly four decimals (`autoReconciledRatio`: `0.9950`, `1.0000`).
pub mod four_decimals_option {
    use super::*;

    /// Writes `value` with scale 4.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write(*value, 4, serializer)
    }

    /// Reads a number or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        arbitrary_precision_option::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Rates {
        #[serde(default, with = "super::two_decimals_option")]
        rate: Option<Decimal>,
        #[serde(default, with = "super::four_decimals_option")]
        ratio: Option<Decimal>,
    }

    #[test]
    fn writes_numbers_with_a_fixed_scale_and_reads_numbers_or_strings() {
        let rates = Rates {
            rate: Some(Decimal::TEN),
            ratio: Some(Decimal::ONE),
        };
        assert_eq!(
            serde_json::to_string(&rates).unwrap(),
            r#"{"rate":10.00,"ratio":1.0000}"#
        );
        let none = Rates {
            rate: None,
            ratio: None,
        };
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"rate":null,"ratio":null}"#
        );
        let read: Rates = serde_json::from_str(r#"{"rate":"9.97","ratio":0.3333}"#).unwrap();
        assert_eq!(read.rate.unwrap().to_string(), "9.97");
        assert_eq!(read.ratio.unwrap().to_string(), "0.3333");
    }
}
