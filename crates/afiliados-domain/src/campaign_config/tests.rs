use super::*;

fn date(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
}

fn pct(raw: &str) -> Percent {
    Percent::parse(raw).unwrap()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| (*value).to_owned()).collect()
}

fn fields(errors: Vec<FieldError>) -> Vec<(String, FieldCode)> {
    errors
        .into_iter()
        .map(|error| (error.field, error.code))
        .collect()
}

#[test]
fn scopes() {
    assert_eq!(
        validate_eligible_scope(EligibleScopeType::All, &[]),
        Ok(vec![])
    );
    assert!(validate_eligible_scope(EligibleScopeType::All, &strings(&["1"])).is_err());
    assert_eq!(
        validate_eligible_scope(EligibleScopeType::Sku, &strings(&[" 123 ", "REF-9"])),
        Ok(strings(&["123", "REF-9"]))
    );
    let errors = validate_eligible_scope(EligibleScopeType::Sku, &[]).unwrap_err();
    assert_eq!(
        fields(errors),
        vec![("eligibleScopeValues".into(), FieldCode::Required)]
    );
    let too_many: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let errors = validate_eligible_scope(EligibleScopeType::Sku, &too_many).unwrap_err();
    assert_eq!(
        fields(errors),
        vec![("eligibleScopeValues".into(), FieldCode::TooLong)]
    );
    let categories: Vec<String> = (0..500).map(|i| i.to_string()).collect();
    assert!(validate_eligible_scope(EligibleScopeType::Category, &categories).is_ok());
    let errors =
        validate_eligible_scope(EligibleScopeType::Category, &strings(&["12", "x1", "12"]))
            .unwrap_err();
    assert_eq!(
        fields(errors),
        vec![
            ("eligibleScopeValues[1]".into(), FieldCode::InvalidFormat),
            ("eligibleScopeValues[2]".into(), FieldCode::NotUniqueInList),
        ]
    );
    let long_sku = "x".repeat(61);
    let errors = validate_eligible_scope(EligibleScopeType::Sku, &[long_sku]).unwrap_err();
    assert_eq!(
        fields(errors),
        vec![("eligibleScopeValues[0]".into(), FieldCode::TooLong)]
    );
}

fn settings() -> CampaignSettings {
    CampaignSettings {
        start_date: date("2026-02-01"),
        end_date: Some(date("2026-04-30")),
        max_discount_percent: pct("20"),
        max_usage: None,
        min_order_value: None,
        confirmation_window_days: 15,
        tier_evaluation_period_days: 15,
    }
}

#[test]
fn campaign_settings() {
    assert_eq!(settings().validate(), Ok(()));
    let same_day = CampaignSettings {
        end_date: Some(date("2026-02-01")),
        ..settings()
    };
    assert_eq!(same_day.validate(), Ok(()));
    let bad = CampaignSettings {
        start_date: date("2026-05-01"),
        end_date: Some(date("2026-04-30")),
        max_discount_percent: Percent::ZERO,
        max_usage: Some(0),
        min_order_value: Some(-Money::from_units(1)),
        confirmation_window_days: 121,
        tier_evaluation_period_days: 0,
    };
    let names: Vec<String> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        names,
        [
            "endDate",
            "maxDiscountPercent",
            "maxUsage",
            "minOrderValue",
            "confirmationWindowDays",
            "tierEvaluationPeriodDays"
        ]
    );
}

#[test]
fn code_conditions() {
    assert_eq!(check_code_discount(None, pct("20")), Ok(pct("20")));
    assert_eq!(
        check_code_discount(Some(pct("15")), pct("20")),
        Ok(pct("15"))
    );
    assert_eq!(
        check_code_discount(Some(pct("20")), pct("20")),
        Ok(pct("20"))
    );
    assert_eq!(
        check_code_discount(Some(pct("20.01")), pct("20")),
        Err(FieldCode::ExceedsCampaignMax)
    );
    assert_eq!(
        check_code_discount(Some(pct("0")), pct("20")),
        Err(FieldCode::OutOfRange)
    );

    let start = date("2026-02-01");
    let end = Some(date("2026-04-30"));
    assert_eq!(check_code_dates(None, None, start, end), Ok(()));
    assert_eq!(
        check_code_dates(
            Some(date("2026-02-10")),
            Some(date("2026-03-10")),
            start,
            end
        ),
        Ok(())
    );
    let errors = check_code_dates(
        Some(date("2026-01-31")),
        Some(date("2026-05-01")),
        start,
        end,
    )
    .unwrap_err();
    assert_eq!(
        fields(errors),
        vec![
            ("startsOn".into(), FieldCode::OutOfRange),
            ("endsOn".into(), FieldCode::OutOfRange),
        ]
    );
    let errors = check_code_dates(
        Some(date("2026-03-10")),
        Some(date("2026-03-01")),
        start,
        None,
    )
    .unwrap_err();
    assert_eq!(
        fields(errors),
        vec![("endsOn".into(), FieldCode::DateOrder)]
    );
}
