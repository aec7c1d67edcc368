//! How the generated PDFs print money and rates: `$ 1.234.567,89` and `11,00 %` in Spanish,
//! `$1,234,567.89` and `11.00%` in English, from the exact decimal's digits (never a float).
//! Negatives use an ASCII hyphen (`-$ 300,50`): the typographic minus is not in WinAnsiEncoding.

use afiliados_domain::{Locale, Money, Percent};

fn grouped(units: &str, separator: char) -> String {
    let mut out = String::new();
    for (index, digit) in units.chars().enumerate() {
        if index > 0 && (units.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// An amount in the reader's notation.
pub fn money(locale: Locale, amount: Money) -> String {
    let text = amount.amount().to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (units, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let sign = if negative { "-" } else { "" };
    match locale {
        Locale::Es => format!("{sign}$ {},{cents:0<2}", grouped(units, '.')),
        Locale::En => format!("{sign}${}.{cents:0<2}", grouped(units, ',')),
    }
}

/// A signed effect: `+$ 25.000,00`, `-$ 20.000,00`, or `$ 0,00`.
pub fn signed(locale: Locale, amount: Money) -> String {
    if amount.is_positive() {
        format!("+{}", money(locale, amount))
    } else {
        money(locale, amount)
    }
}

/// A rate with two decimals.
pub fn rate(locale: Locale, rate: Percent) -> String {
    let text = rate.value().to_string();
    match locale {
        Locale::Es => format!("{} %", text.replace('.', ",")),
        Locale::En => format!("{text}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(raw: &str) -> Money {
        Money::parse(raw).unwrap()
    }

    #[test]
    fn money_is_exact_in_each_language() {
        assert_eq!(money(Locale::Es, amount("1234567.89")), "$ 1.234.567,89");
        assert_eq!(money(Locale::En, amount("1234567.89")), "$1,234,567.89");
        assert_eq!(money(Locale::Es, amount("-300.5")), "-$ 300,50");
        assert_eq!(money(Locale::Es, amount("0")), "$ 0,00");
        assert_eq!(money(Locale::Es, amount("999")), "$ 999,00");
        assert_eq!(money(Locale::Es, amount("100000")), "$ 100.000,00");
        assert_eq!(signed(Locale::Es, amount("25000")), "+$ 25.000,00");
        assert_eq!(signed(Locale::En, amount("-20000")), "-$20,000.00");
    }

    #[test]
    fn rates_keep_two_decimals() {
        let eleven = Percent::parse("11").unwrap();
        assert_eq!(rate(Locale::Es, eleven), "11,00 %");
        assert_eq!(rate(Locale::En, Percent::parse("12.5").unwrap()), "12.50%");
        assert_eq!(rate(Locale::Es, Percent::ZERO), "0,00 %");
    }
}
