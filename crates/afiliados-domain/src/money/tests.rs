use super::*;

fn d(raw: &str) -> Decimal {
    Decimal::from_str(raw).unwrap()
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(round_money(d("10.005")).to_string(), "10.01");
    assert_eq!(round_money(d("10.004999")).to_string(), "10.00");
    assert_eq!(round_money(d("-10.005")).to_string(), "-10.01");
    assert_eq!(round_money(d("7")).to_string(), "7.00");
    assert_eq!(round_money(d("2.675")).to_string(), "2.68");
}

#[test]
fn money_json_has_exactly_two_decimals() {
    let money = Money::from_decimal(d("20223")).unwrap();
    assert_eq!(serde_json::to_string(&money).unwrap(), "20223.00");
    assert_eq!(
        serde_json::to_string(&Money::from_cents(1250)).unwrap(),
        "12.50"
    );
    assert_eq!(
        serde_json::to_string(&Money::from_units(-3)).unwrap(),
        "-3.00"
    );
    let value = serde_json::json!({ "amount": Money::from_units(500_000) });
    assert_eq!(value.to_string(), r#"{"amount":500000.00}"#);
}

#[test]
fn money_accepts_numbers_and_strings_with_two_decimals() {
    for (json, text) in [("12.5", "12.50"), ("\"12.34\"", "12.34"), ("100", "100.00")] {
        let money: Money = serde_json::from_str(json).unwrap();
        assert_eq!(money.to_string(), text, "{json}");
    }
    for bad in ["12.345", "\"12.345\"", "\"abc\"", "\"\"", "true", "\"1e3\""] {
        let error = serde_json::from_str::<Money>(bad).unwrap_err();
        assert!(
            error.to_string().contains("invalid_amount"),
            "{bad}: {error}"
        );
    }
    assert_eq!(Money::parse("1.001"), Err(FieldCode::InvalidAmount));
    for bad in [
        "1e3",
        "1_000",
        ".5",
        "5.",
        "1,5",
        "--1",
        "1.5.0",
        "9".repeat(40).as_str(),
    ] {
        assert_eq!(Money::parse(bad), Err(FieldCode::InvalidAmount), "{bad}");
    }
    assert_eq!(Money::parse("-1.5").unwrap().to_string(), "-1.50");
    assert_eq!(Money::parse("12.50").unwrap(), Money::from_cents(1250));
    assert!(serde_json::from_str::<Money>("1e3").is_err());
    assert!(serde_json::from_str::<Money>("{\"a\":1}").is_err());
    assert_eq!(Money::parse(" 7 ").unwrap().to_string(), "7.00");
}

#[test]
fn arithmetic_and_percent() {
    let amount = Money::from_units(100_000);
    let rate = Percent::parse("12.5").unwrap();
    assert_eq!(
        round_money(amount.times_percent(rate)).to_string(),
        "12500.00"
    );
    let total: Money = [Money::from_cents(1), Money::from_cents(2)]
        .into_iter()
        .sum();
    assert_eq!(total, Money::from_cents(3));
    assert!((Money::ZERO - total).is_negative());
    assert!(total.is_positive() && !total.is_zero());
    assert_eq!(Money::rounded(d("0.125")), Money::from_cents(13));
}

#[test]
fn percent_range_and_json() {
    assert_eq!(Percent::parse("100.00").unwrap(), Percent::HUNDRED);
    assert_eq!(Percent::parse("0").unwrap(), Percent::ZERO);
    assert_eq!(Percent::parse("100.01"), Err(FieldCode::OutOfRange));
    assert_eq!(Percent::parse("-1"), Err(FieldCode::OutOfRange));
    assert_eq!(Percent::parse("12.555"), Err(FieldCode::InvalidAmount));
    let rate: Percent = serde_json::from_str("12.5").unwrap();
    assert_eq!(serde_json::to_string(&rate).unwrap(), "12.50");
    assert!(serde_json::from_str::<Percent>("101").is_err());
}
