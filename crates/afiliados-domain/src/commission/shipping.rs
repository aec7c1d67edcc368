//! Shipping allocation (`domain.md` §5.8.2): the order's shipping total spread over **all** lines
//! in proportion to `line_net`, rounded per line, the last positive line taking the remainder so
//! the shares add up exactly.

use crate::Money;

/// One share per line, in the order given (lines ordered by index). Lines whose `line_net` is not
/// positive get 0 and do not weigh (ADR 0030); with no positive line every share is 0.
pub fn allocate_shipping(shipping_total: Money, line_nets: &[Money]) -> Vec<Money> {
    let weight = |net: Money| if net.is_positive() { net } else { Money::ZERO };
    let base: Money = line_nets.iter().copied().map(weight).sum();
    let mut shares = vec![Money::ZERO; line_nets.len()];
    let Some(last) = line_nets.iter().rposition(|net| net.is_positive()) else {
        return shares;
    };
    let mut allocated = Money::ZERO;
    for (index, net) in line_nets.iter().copied().enumerate().take(last) {
        let share = if net.is_positive() {
            Money::rounded(shipping_total.amount() * net.amount() / base.amount())
        } else {
            Money::ZERO
        };
        allocated = allocated + share;
        if let Some(slot) = shares.get_mut(index) {
            *slot = share;
        }
    }
    if let Some(slot) = shares.get_mut(last) {
        *slot = shipping_total - allocated;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(raw: &str) -> Money {
        Money::parse(raw).unwrap()
    }

    fn all(raw: &[&str]) -> Vec<Money> {
        raw.iter().map(|value| money(value)).collect()
    }

    /// Fixture `oms-order-with-coupon.json`: 12 000.00 over net 326 030.00 (§5.8.4 example 2).
    #[test]
    fn fixture_shares_4630_98_2812_38_3496_61_1060_03() {
        let shares = allocate_shipping(
            money("12000.00"),
            &all(&["125820.00", "76410.00", "95000.00", "28800.00"]),
        );
        assert_eq!(shares, all(&["4630.98", "2812.38", "3496.61", "1060.03"]));
        assert_eq!(shares.iter().copied().sum::<Money>(), money("12000.00"));
    }

    #[test]
    fn remainder_goes_to_the_last_positive_line() {
        // 100.00 over three equal lines: 33.33, 33.33, 33.34.
        let shares = allocate_shipping(money("100.00"), &all(&["10.00", "10.00", "10.00"]));
        assert_eq!(shares, all(&["33.33", "33.33", "33.34"]));
        // A zero line after the last positive one gets nothing; the remainder stays put.
        let shares = allocate_shipping(money("100.00"), &all(&["10.00", "20.00", "0.00"]));
        assert_eq!(shares, all(&["33.33", "66.67", "0.00"]));
        let shares = allocate_shipping(money("100.00"), &all(&["0.00", "30.00"]));
        assert_eq!(shares, all(&["0.00", "100.00"]));
    }

    #[test]
    fn nothing_to_weigh_means_zero_shares() {
        assert_eq!(
            allocate_shipping(money("5000.00"), &all(&["0.00", "0.00"])),
            all(&["0.00", "0.00"])
        );
        assert_eq!(
            allocate_shipping(money("5000.00"), &[]),
            Vec::<Money>::new()
        );
        assert_eq!(
            allocate_shipping(Money::ZERO, &all(&["10.00", "5.00"])),
            all(&["0.00", "0.00"])
        );
    }

    #[test]
    fn sub_cent_pathology_keeps_the_exact_sum() {
        // 0.03 over five equal lines: four shares round up to 0.01 and the last takes −0.01.
        // The spec's rule is kept literally (ADR 0030): the shares always add up exactly.
        let shares = allocate_shipping(money("0.03"), &all(&["1.00"; 5]));
        assert_eq!(shares, all(&["0.01", "0.01", "0.01", "0.01", "-0.01"]));
        assert_eq!(shares.iter().copied().sum::<Money>(), money("0.03"));
    }
}
