//! What the money-out pages share: the rows of withdrawals, payments and adjustments, the
//! per-render `Idempotency-Key`, the amount a person types, and the facts the api puts in an
//! error's `details` (`available`, `minimum`, `payableFrom`, a batch's conflicts).

use afiliados_api_types::influencers::DocumentResponse;
use afiliados_api_types::payments::{AdjustmentResponse, PaymentResponse, WithdrawalResponse};
use afiliados_domain::Money;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::error_messages::FormFeedback;
use crate::format::{day, money, stamp};
use crate::forms::FormData;
use crate::i18n::I18n;

/// A fresh `Idempotency-Key` for a form being rendered: a double submit of that form sends the
/// same key, so the api answers the first request again instead of creating a second row.
pub(crate) fn fresh_key() -> String {
    Uuid::new_v4().to_string()
}

/// The key the form carried; a missing or malformed one (1–100 visible ASCII, `api.md` §0.5)
/// gets a fresh key so the request still goes through, only without the replay protection.
pub(crate) fn submitted_key(form: &FormData) -> String {
    let key = form.get("idempotency_key");
    let visible = key.chars().all(|c| c.is_ascii_graphic());
    if (1..=100).contains(&key.len()) && visible {
        key
    } else {
        fresh_key()
    }
}

/// An amount as a person types it: `$`, spaces and a decimal comma are accepted; thousands
/// separators are not (`20.000` would be ambiguous), so the text must have at most one
/// separator and two decimals. The value stays exact (`Money`), never a float.
pub(crate) fn parse_amount(raw: &str) -> Option<Money> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$')
        .collect();
    if cleaned.matches([',', '.']).count() > 1 {
        return None;
    }
    let amount = Money::parse(&cleaned.replace(',', ".")).ok()?;
    amount.is_positive().then_some(amount)
}

/// A money value inside an error's `details` (`[{"available": "25000.00"}]`).
pub(crate) fn detail_money(details: &[Value], name: &str) -> Option<Money> {
    details
        .iter()
        .find_map(|d| d.get(name).or_else(|| d.get("params")?.get(name)))
        .and_then(|v| serde_json::from_value::<Money>(v.clone()).ok())
}

/// An instant inside an error's `details` (`[{"payableFrom": "…"}]`).
pub(crate) fn detail_instant(details: &[Value], name: &str) -> Option<DateTime<Utc>> {
    details
        .iter()
        .find_map(|d| d.get(name))
        .and_then(|v| v.as_str()?.parse().ok())
}

/// One withdrawal that blocked a batch payment, with the reason in words.
pub(crate) struct Conflict {
    pub(crate) withdrawal_id: String,
    pub(crate) reason: String,
}

/// The entries of a `batch_conflict`: `[{withdrawalId, code}]` (`id`/`error` accepted too).
pub(crate) fn conflicts(i18n: I18n, details: &[Value]) -> Vec<Conflict> {
    details
        .iter()
        .filter_map(|d| {
            let id = d.get("withdrawalId").or_else(|| d.get("id"))?.as_str()?;
            let code = d
                .get("code")
                .or_else(|| d.get("error"))
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            Some(Conflict {
                withdrawal_id: id.to_owned(),
                reason: crate::error_messages::wire_error_message(i18n, code),
            })
        })
        .collect()
}

/// The message of a refusal with the facts its `details` carry, in the reader's words.
pub(crate) fn explained(i18n: I18n, feedback: &FormFeedback) -> Option<String> {
    let base = feedback.message.clone()?;
    let fact = match feedback.wire_code.as_str() {
        "withdrawal_exceeds_available" => detail_money(&feedback.details, "available").map(|a| {
            format!(
                "{} {}",
                i18n.t("payouts.available_now"),
                money(i18n.locale, a)
            )
        }),
        "withdrawal_on_hold" => detail_instant(&feedback.details, "payableFrom")
            .map(|at| format!("{} {} UTC", i18n.t("payouts.payable_from"), stamp(Some(at)))),
        _ => None,
    };
    Some(match fact {
        Some(fact) => format!("{base} {fact}."),
        None => base,
    })
}

/// A field error's text with its `params` (`below_minimum` → the minimum, a mismatch → the
/// approved amount), for the 422s whose number the person needs to fix the form.
pub(crate) fn field_with_params(i18n: I18n, feedback: &FormFeedback, field: &str) -> Vec<String> {
    let mut out = Vec::new();
    for detail in &feedback.details {
        if detail.get("field").and_then(Value::as_str) != Some(field) {
            continue;
        }
        let code = detail.get("code").and_then(Value::as_str).unwrap_or("");
        let text = crate::error_messages::field_error_message(
            i18n,
            &serde_json::from_value(detail.clone()).unwrap_or(afiliados_api_types::FieldError {
                field: field.to_owned(),
                code: code.to_owned(),
                message: String::new(),
            }),
        );
        let param = match code {
            "below_minimum" => detail_money(std::slice::from_ref(detail), "minimum")
                .map(|m| format!("{} {}", i18n.t("payouts.minimum"), money(i18n.locale, m))),
            "payment_amount_mismatch" => {
                detail_money(std::slice::from_ref(detail), "approvedAmount").map(|m| {
                    format!(
                        "{} {}",
                        i18n.t("payouts.approved_amount"),
                        money(i18n.locale, m)
                    )
                })
            }
            _ => None,
        };
        out.push(match param {
            Some(param) => format!("{text} ({param})"),
            None => text,
        });
    }
    out
}

/// A file attached to a withdrawal or a payment, with its download through the web.
pub(crate) struct DocumentLink {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) filename: String,
    pub(crate) uploaded_at: String,
    pub(crate) href: String,
}

pub(crate) fn document_links(
    i18n: I18n,
    base: &str,
    documents: &[DocumentResponse],
) -> Vec<DocumentLink> {
    documents
        .iter()
        .map(|d| DocumentLink {
            id: d.id.to_string(),
            kind: i18n.label("document_kind", d.kind),
            filename: d.filename.clone(),
            uploaded_at: stamp(Some(d.uploaded_at)),
            href: format!("{base}/documentos/{}", d.id),
        })
        .collect()
}

/// A withdrawal in a table.
pub(crate) struct WithdrawalRow {
    pub(crate) id: String,
    pub(crate) influencer: String,
    pub(crate) brand: String,
    pub(crate) amount: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) requested_at: String,
    pub(crate) requested_by: String,
    pub(crate) payable_from: String,
    pub(crate) in_batch: bool,
    pub(crate) payment_id: String,
}

impl WithdrawalRow {
    pub(crate) fn new(i18n: I18n, w: &WithdrawalResponse) -> WithdrawalRow {
        WithdrawalRow {
            id: w.id.to_string(),
            influencer: w.influencer_name.clone(),
            brand: w.brand_name.clone(),
            amount: money(i18n.locale, w.amount),
            status: w.status.as_str().to_owned(),
            status_label: i18n.label("withdrawal_status", w.status),
            requested_at: stamp(Some(w.requested_at)),
            requested_by: w.requested_by.email.clone(),
            payable_from: stamp(w.payable_from),
            in_batch: w.batch_id.is_some(),
            payment_id: w.payment_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

/// A payment in a table: gross, withheld and net as the api computed them.
pub(crate) struct PaymentRow {
    pub(crate) id: String,
    pub(crate) withdrawal_id: String,
    pub(crate) gross: String,
    pub(crate) rate: String,
    pub(crate) withheld: String,
    pub(crate) net: String,
    pub(crate) method: String,
    pub(crate) reference: String,
    pub(crate) payment_date: String,
    pub(crate) documents: usize,
}

impl PaymentRow {
    pub(crate) fn new(i18n: I18n, p: &PaymentResponse) -> PaymentRow {
        PaymentRow {
            id: p.id.to_string(),
            withdrawal_id: p.withdrawal_id.to_string(),
            gross: money(i18n.locale, p.amount),
            rate: format!("{} %", p.withholding_rate),
            withheld: money(i18n.locale, p.tax_withheld),
            net: money(i18n.locale, p.net_amount),
            method: i18n.label("payment_method", p.method),
            reference: p.reference.clone(),
            payment_date: day(Some(p.payment_date)),
            documents: p.documents.len(),
        }
    }
}

/// An adjustment in a table.
pub(crate) struct AdjustmentRow {
    pub(crate) id: String,
    pub(crate) influencer: String,
    pub(crate) brand: String,
    pub(crate) kind: String,
    pub(crate) amount: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) resolution: String,
    pub(crate) reason: String,
    pub(crate) created_at: String,
    pub(crate) pending: bool,
}

impl AdjustmentRow {
    pub(crate) fn new(i18n: I18n, a: &AdjustmentResponse) -> AdjustmentRow {
        let resolution = match (a.resolution_type, a.recovery_method) {
            (Some(kind), Some(method)) => format!(
                "{} · {}",
                i18n.label("adjustment_resolution", kind),
                i18n.label("recovery_method", method)
            ),
            (Some(kind), None) => i18n.label("adjustment_resolution", kind),
            _ => String::new(),
        };
        AdjustmentRow {
            id: a.id.to_string(),
            influencer: a.influencer_name.clone(),
            brand: a.brand_name.clone(),
            kind: i18n.label("adjustment_kind", a.kind),
            amount: money(i18n.locale, a.amount),
            status: a.status.as_str().to_owned(),
            status_label: i18n.label("adjustment_status", a.status),
            resolution,
            reason: a.reason.clone(),
            created_at: stamp(Some(a.created_at)),
            pending: a.status == afiliados_domain::AdjustmentStatus::Pending,
        }
    }
}

/// `(value, label)` of the payment methods a form offers.
pub(crate) fn method_options(i18n: I18n) -> Vec<(&'static str, String)> {
    ["bank_transfer", "digital_wallet", "other"]
        .iter()
        .map(|m| (*m, i18n.label("payment_method", m)))
        .collect()
}

/// Today's business date in Bogotá (UTC−5, no daylight saving), to prefill a payment date.
pub(crate) fn bogota_today() -> NaiveDate {
    (Utc::now() - chrono::Duration::hours(5)).date_naive()
}

/// A note of at most 500 characters (the api's limit on `notes`).
pub(crate) fn short_note(text: &str) -> bool {
    text.chars().count() <= 500
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_are_exact_and_unambiguous() {
        let m = |raw: &str| Money::parse(raw).unwrap();
        assert_eq!(parse_amount("20000"), Some(m("20000")));
        assert_eq!(parse_amount(" $ 20000,50 "), Some(m("20000.50")));
        assert_eq!(parse_amount("1234567.89"), Some(m("1234567.89")));
        assert_eq!(parse_amount("20.000,00"), None, "thousands separators");
        assert_eq!(parse_amount("10.001"), None, "three decimals");
        assert_eq!(parse_amount("0"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("abc"), None);
    }

    #[test]
    fn keys_are_kept_when_valid_and_replaced_otherwise() {
        let form = |key: &str| FormData(vec![("idempotency_key".into(), key.into())]);
        assert_eq!(submitted_key(&form("abc-123")), "abc-123");
        assert_ne!(submitted_key(&form("")), "");
        assert_ne!(submitted_key(&form("con espacio")), "con espacio");
        assert_ne!(submitted_key(&form(&"x".repeat(101))), "x".repeat(101));
        assert_ne!(fresh_key(), fresh_key());
    }

    #[test]
    fn details_give_their_facts() {
        let details = vec![
            json!({"available": "25000.00"}),
            json!({"payableFrom": "2026-03-10T05:00:00Z"}),
        ];
        assert_eq!(
            detail_money(&details, "available"),
            Money::parse("25000").ok()
        );
        assert!(detail_instant(&details, "payableFrom").is_some());
        let number = vec![json!({"params": {"minimum": 20000.0}})];
        assert_eq!(detail_money(&number, "minimum"), Money::parse("20000").ok());
        let listed = conflicts(
            I18n::new(Locale::En),
            &[
                json!({"withdrawalId": "w1", "code": "dual_control_required"}),
                json!({"nothing": 1}),
            ],
        );
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].withdrawal_id, "w1");
        assert!(!listed[0].reason.is_empty());
    }
}
