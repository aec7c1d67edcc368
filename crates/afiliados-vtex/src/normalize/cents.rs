//! VTEX money (`vtex.md` §4.2): integer cents, divided by 100 exactly. A whole float (`1234.0`) is
//! accepted as is; any other fraction is rounded half away from zero to a whole cent and reported
//! as `non_integer_cents` (never a failure).

use afiliados_domain::Money;
use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive as _};

use super::{NormalizeError, Warnings};

/// Whole cents from a VTEX amount, recording `non_integer_cents` when it had to round.
pub(crate) fn whole(
    value: Decimal,
    field: &str,
    warnings: &mut Warnings,
) -> Result<i64, NormalizeError> {
    let rounded = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    if rounded != value {
        warnings.add(super::NON_INTEGER_CENTS);
    }
    rounded
        .to_i64()
        .ok_or_else(|| NormalizeError(format!("{field} is out of range")))
}

/// Cents as money (`39997570` → `399975.70`).
pub(crate) fn money(cents: i64) -> Money {
    Money::from_cents(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_division_and_rounded_fractions() {
        let mut warnings = Warnings::default();
        let cents = whole(Decimal::from(39_997_570), "value", &mut warnings).unwrap();
        assert_eq!(money(cents).to_string(), "399975.70");
        assert_eq!(
            whole(Decimal::new(12_340, 1), "value", &mut warnings).unwrap(),
            1234,
            "1234.0 is whole"
        );
        assert!(warnings.is_empty());

        assert_eq!(
            whole(Decimal::new(12_345, 1), "value", &mut warnings).unwrap(),
            1235
        );
        assert_eq!(
            whole(Decimal::new(-12_345, 1), "value", &mut warnings).unwrap(),
            -1235
        );
        assert_eq!(
            whole(Decimal::new(12_344, 1), "value", &mut warnings).unwrap(),
            1234
        );
        assert_eq!(warnings.into_vec(), vec!["non_integer_cents".to_owned()]);
    }
}
