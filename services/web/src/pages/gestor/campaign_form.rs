//! The campaign form shared by "new" and "edit": every field of `api.md` §7 as text (kept as
//! typed when the form comes back), the tier rows, and the parse into the api's types. Numbers
//! and dates that do not parse are refused here with the api's own field names.

use afiliados_api_types::campaigns::{CampaignResponse, StackingRules, TierInput};
use afiliados_domain::{Money, Percent};
use chrono::NaiveDate;

use crate::error_messages::FieldErrors;
use crate::forms::FormData;
use crate::i18n::I18n;

/// Tier rows shown beyond the existing tiers.
const EXTRA_TIER_ROWS: usize = 2;
/// The api accepts at most ten tiers.
const MAX_TIERS: usize = 10;

/// One tier row as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct TierRowValues {
    pub(crate) name: String,
    pub(crate) level: String,
    pub(crate) threshold: String,
    pub(crate) percent: String,
}

/// The form as typed.
#[derive(Debug, Clone)]
pub(crate) struct CampaignValues {
    pub(crate) brand_id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) description: String,
    pub(crate) start_date: String,
    pub(crate) end_date: String,
    pub(crate) status: String,
    pub(crate) base_commission_percent: String,
    pub(crate) commission_basis: String,
    pub(crate) include_shipping: bool,
    pub(crate) max_discount_percent: String,
    pub(crate) max_usage: String,
    pub(crate) min_order_value: String,
    pub(crate) confirmation_window_days: String,
    pub(crate) tier_evaluation_period_days: String,
    pub(crate) eligible_scope_type: String,
    pub(crate) eligible_scope_values: String,
    pub(crate) cumulative: bool,
    pub(crate) exclude_discounted: bool,
    pub(crate) tiers: Vec<TierRowValues>,
    /// Index of the default tier row.
    pub(crate) default_tier: String,
}

impl Default for CampaignValues {
    fn default() -> CampaignValues {
        CampaignValues {
            brand_id: String::new(),
            name: String::new(),
            slug: String::new(),
            description: String::new(),
            start_date: String::new(),
            end_date: String::new(),
            status: "draft".to_owned(),
            base_commission_percent: String::new(),
            commission_basis: "pre_tax".to_owned(),
            include_shipping: false,
            max_discount_percent: "100.00".to_owned(),
            max_usage: String::new(),
            min_order_value: String::new(),
            confirmation_window_days: "15".to_owned(),
            tier_evaluation_period_days: "15".to_owned(),
            eligible_scope_type: "all".to_owned(),
            eligible_scope_values: String::new(),
            cumulative: false,
            exclude_discounted: false,
            tiers: with_blank_rows(Vec::new()),
            default_tier: "0".to_owned(),
        }
    }
}

fn with_blank_rows(mut rows: Vec<TierRowValues>) -> Vec<TierRowValues> {
    let wanted = (rows.len() + EXTRA_TIER_ROWS).clamp(3, MAX_TIERS);
    if rows.len() < wanted {
        rows.resize(wanted, TierRowValues::default());
    }
    rows
}

/// What parsed: the api fields.
pub(crate) struct CampaignFields {
    pub(crate) description: Option<String>,
    pub(crate) start_date: Option<NaiveDate>,
    pub(crate) end_date: Option<NaiveDate>,
    pub(crate) base_commission_percent: Option<Percent>,
    pub(crate) max_discount_percent: Option<Percent>,
    pub(crate) max_usage: Option<i32>,
    pub(crate) min_order_value: Option<Money>,
    pub(crate) confirmation_window_days: Option<i32>,
    pub(crate) tier_evaluation_period_days: Option<i32>,
    pub(crate) eligible_scope_values: Vec<String>,
    pub(crate) stacking_rules: StackingRules,
    pub(crate) tiers: Vec<TierInput>,
}

impl CampaignValues {
    /// The stored campaign, for the edit form.
    pub(crate) fn of(campaign: &CampaignResponse) -> CampaignValues {
        let default_tier = campaign
            .tiers
            .iter()
            .position(|tier| tier.is_default)
            .unwrap_or(0)
            .to_string();
        CampaignValues {
            brand_id: campaign.brand_id.to_string(),
            name: campaign.name.clone(),
            slug: campaign.slug.clone(),
            description: campaign.description.clone().unwrap_or_default(),
            start_date: campaign.start_date.to_string(),
            end_date: campaign.end_date.map(|d| d.to_string()).unwrap_or_default(),
            status: campaign.status.to_string(),
            base_commission_percent: campaign.base_commission_percent.to_string(),
            commission_basis: campaign.commission_basis.to_string(),
            include_shipping: campaign.include_shipping,
            max_discount_percent: campaign.max_discount_percent.to_string(),
            max_usage: campaign
                .max_usage
                .map(|v| v.to_string())
                .unwrap_or_default(),
            min_order_value: campaign
                .min_order_value
                .map(|v| v.to_string())
                .unwrap_or_default(),
            confirmation_window_days: campaign.confirmation_window_days.to_string(),
            tier_evaluation_period_days: campaign.tier_evaluation_period_days.to_string(),
            eligible_scope_type: campaign.eligible_scope_type.to_string(),
            eligible_scope_values: campaign.eligible_scope_values.join("\n"),
            cumulative: campaign.stacking_rules.cumulative_with_other_promotions,
            exclude_discounted: campaign.stacking_rules.exclude_lines_with_other_discounts,
            tiers: with_blank_rows(
                campaign
                    .tiers
                    .iter()
                    .map(|tier| TierRowValues {
                        name: tier.name.clone(),
                        level: tier.level.to_string(),
                        threshold: tier.threshold.to_string(),
                        percent: tier.commission_percent.to_string(),
                    })
                    .collect(),
            ),
            default_tier,
        }
    }

    /// The submitted form.
    pub(crate) fn read(form: &FormData) -> CampaignValues {
        let tiers = (0..MAX_TIERS)
            .map(|i| TierRowValues {
                name: form.get(&format!("tier_name_{i}")),
                level: form.get(&format!("tier_level_{i}")),
                threshold: form.get(&format!("tier_threshold_{i}")),
                percent: form.get(&format!("tier_percent_{i}")),
            })
            .collect::<Vec<_>>();
        let last_filled = tiers
            .iter()
            .rposition(|row| !row.is_blank())
            .map_or(0, |i| i + 1);
        CampaignValues {
            brand_id: form.get("brand_id"),
            name: form.get("name"),
            slug: form.get("slug"),
            description: form.get("description"),
            start_date: form.get("start_date"),
            end_date: form.get("end_date"),
            status: form.opt("status").unwrap_or_else(|| "draft".to_owned()),
            base_commission_percent: form.get("base_commission_percent"),
            commission_basis: form.get("commission_basis"),
            include_shipping: form.checked("include_shipping"),
            max_discount_percent: form.get("max_discount_percent"),
            max_usage: form.get("max_usage"),
            min_order_value: form.get("min_order_value"),
            confirmation_window_days: form.get("confirmation_window_days"),
            tier_evaluation_period_days: form.get("tier_evaluation_period_days"),
            eligible_scope_type: form.get("eligible_scope_type"),
            eligible_scope_values: form.get("eligible_scope_values"),
            cumulative: form.checked("cumulative_with_other_promotions"),
            exclude_discounted: form.checked("exclude_lines_with_other_discounts"),
            tiers: with_blank_rows(tiers.into_iter().take(last_filled).collect()),
            default_tier: form.get("tier_default"),
        }
    }

    /// Parses the typed values; each failure lands on the api's field name.
    pub(crate) fn parse(&self, i18n: I18n) -> Result<CampaignFields, FieldErrors> {
        let mut fields = FieldErrors::default();
        let mut bad = |field: &str, code: &str| {
            fields.add(field, i18n.t(&format!("field_error.{code}")).to_owned());
        };
        let percent = |raw: &str| Percent::parse(raw);
        let date = |raw: &str| NaiveDate::parse_from_str(raw, "%Y-%m-%d");
        let opt = |raw: &str| Some(raw.to_owned()).filter(|v| !v.is_empty());
        macro_rules! parse_opt {
            ($raw:expr, $field:literal, $parse:expr, $code:literal) => {
                match opt($raw) {
                    None => None,
                    Some(raw) => match $parse(&raw) {
                        Ok(value) => Some(value),
                        Err(_) => {
                            bad($field, $code);
                            None
                        }
                    },
                }
            };
        }
        let start_date = parse_opt!(&self.start_date, "startDate", date, "invalid_format");
        let end_date = parse_opt!(&self.end_date, "endDate", date, "invalid_format");
        let base = parse_opt!(
            &self.base_commission_percent,
            "baseCommissionPercent",
            percent,
            "invalid_amount"
        );
        let max_discount = parse_opt!(
            &self.max_discount_percent,
            "maxDiscountPercent",
            percent,
            "invalid_amount"
        );
        let int = |raw: &str| raw.parse::<i32>();
        let max_usage = parse_opt!(&self.max_usage, "maxUsage", int, "invalid_format");
        let min_order = parse_opt!(
            &self.min_order_value,
            "minOrderValue",
            Money::parse,
            "invalid_amount"
        );
        let window = parse_opt!(
            &self.confirmation_window_days,
            "confirmationWindowDays",
            int,
            "invalid_format"
        );
        let period = parse_opt!(
            &self.tier_evaluation_period_days,
            "tierEvaluationPeriodDays",
            int,
            "invalid_format"
        );
        let mut tiers = Vec::new();
        for (index, row) in self.tiers.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let level = row.level.parse::<i32>();
            let threshold = Money::parse(if row.threshold.is_empty() {
                "0"
            } else {
                &row.threshold
            });
            let rate = Percent::parse(&row.percent);
            if level.is_err() {
                bad(&format!("tiers[{index}].level"), "invalid_format");
            }
            if threshold.is_err() {
                bad(&format!("tiers[{index}].threshold"), "invalid_amount");
            }
            if rate.is_err() {
                bad(
                    &format!("tiers[{index}].commissionPercent"),
                    "invalid_amount",
                );
            }
            if let (Ok(level), Ok(threshold), Ok(commission_percent)) = (level, threshold, rate) {
                tiers.push(TierInput {
                    name: row.name.clone(),
                    level,
                    threshold,
                    commission_percent,
                    is_default: self.default_tier == index.to_string(),
                });
            }
        }
        if !fields.is_empty() {
            return Err(fields);
        }
        Ok(CampaignFields {
            description: opt(&self.description),
            start_date,
            end_date,
            base_commission_percent: base,
            max_discount_percent: max_discount,
            max_usage,
            min_order_value: min_order,
            confirmation_window_days: window,
            tier_evaluation_period_days: period,
            eligible_scope_values: self
                .eligible_scope_values
                .split(['\n', ','])
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
                .collect(),
            stacking_rules: StackingRules {
                cumulative_with_other_promotions: self.cumulative,
                exclude_lines_with_other_discounts: self.exclude_discounted,
            },
            tiers,
        })
    }
}

impl TierRowValues {
    fn is_blank(&self) -> bool {
        self.name.is_empty()
            && self.level.is_empty()
            && self.threshold.is_empty()
            && self.percent.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn parses_tiers_and_reports_bad_numbers_by_api_name() {
        let values = CampaignValues::read(&form(&[
            ("name", "Verano"),
            ("start_date", "2026-02-01"),
            ("base_commission_percent", "10"),
            ("tier_name_0", "Bronce"),
            ("tier_level_0", "1"),
            ("tier_threshold_0", "0"),
            ("tier_percent_0", "10"),
            ("tier_name_1", "Plata"),
            ("tier_level_1", "2"),
            ("tier_threshold_1", "1000000"),
            ("tier_percent_1", "12.5"),
            ("tier_default", "0"),
            ("eligible_scope_values", "12, 13\n14"),
        ]));
        assert_eq!(values.tiers.len(), 4, "two tiers and two blank rows");
        let parsed = values.parse(I18n::new(Locale::Es)).unwrap();
        assert_eq!(parsed.tiers.len(), 2);
        assert!(parsed.tiers[0].is_default && !parsed.tiers[1].is_default);
        assert_eq!(parsed.tiers[1].commission_percent.to_string(), "12.50");
        assert_eq!(parsed.eligible_scope_values, vec!["12", "13", "14"]);
        assert_eq!(parsed.start_date, NaiveDate::from_ymd_opt(2026, 2, 1));

        let bad = CampaignValues {
            tiers: vec![TierRowValues {
                name: "X".into(),
                level: "uno".into(),
                threshold: "0".into(),
                percent: "101".into(),
            }],
            start_date: "01/02/2026".into(),
            ..values
        };
        let fields = bad.parse(I18n::new(Locale::Es)).err().unwrap();
        assert_eq!(fields.of("tiers[0].level").len(), 1);
        assert_eq!(fields.of("tiers[0].commissionPercent").len(), 1);
        assert_eq!(fields.of("startDate").len(), 1);
    }
}
