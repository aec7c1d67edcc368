//! The human text of an in-app notification, in the caller's locale, built from its type and
//! payload (`api.md` §1 Notification.message). Unknown types fall back to the type itself so a
//! newer producer never breaks the feed.

use afiliados_domain::Locale;
use serde_json::Value;

fn text<'a>(payload: &'a Value, key: &str) -> &'a str {
    payload.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A money value of the payload (a JSON number or string), as written.
fn amount(payload: &Value, key: &str) -> String {
    match payload.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    }
}

fn hold_label(reason: &str, locale: Locale) -> &str {
    match (reason, locale) {
        ("self_referral", Locale::Es) => "autorreferido",
        ("fraud_review", Locale::Es) => "revisión por fraude",
        ("manual", Locale::Es) => "manual",
        ("self_referral", Locale::En) => "self-referral",
        ("fraud_review", Locale::En) => "fraud review",
        (other, _) => other,
    }
}

fn nested<'a>(payload: &'a Value, object: &str, key: &str) -> &'a str {
    payload.get(object).map_or("", |inner| text(inner, key))
}

fn status_label(status: &str, locale: Locale) -> &str {
    match (status, locale) {
        ("approved", Locale::Es) => "aprobada",
        ("rejected", Locale::Es) => "rechazada",
        ("suspended", Locale::Es) => "suspendida",
        ("pending", Locale::Es) => "pendiente",
        (other, _) => other,
    }
}

/// The message of a notification of `kind` with `payload`.
pub fn render(kind: &str, payload: &Value, locale: Locale) -> String {
    let es = locale == Locale::Es;
    match kind {
        "policy.updated" if es => format!(
            "Se publicó la versión {} de «{}»; acéptela en su próximo ingreso.",
            text(payload, "version"),
            text(payload, "title")
        ),
        "policy.updated" => format!(
            "Version {} of “{}” was published; accept it at your next sign-in.",
            text(payload, "version"),
            text(payload, "title")
        ),
        "influencer.registered" if es => format!(
            "Nuevo registro de influenciador: {}.",
            text(payload, "name")
        ),
        "influencer.registered" => {
            format!("New influencer registration: {}.", text(payload, "name"))
        }
        "influencer.status_changed" if es => format!(
            "Su cuenta de afiliado quedó {}.",
            status_label(text(payload, "to"), locale)
        ),
        "influencer.status_changed" => {
            format!("Your affiliate account is now {}.", text(payload, "to"))
        }
        "influencer.document_uploaded" if es => format!(
            "{} cargó un documento ({}).",
            text(payload, "name"),
            text(payload, "kind")
        ),
        "influencer.document_uploaded" => format!(
            "{} uploaded a document ({}).",
            text(payload, "name"),
            text(payload, "kind")
        ),
        "influencer.bank_account_change_pending" if es => format!(
            "Un cambio de cuenta bancaria de {} espera su confirmación.",
            text(payload, "name")
        ),
        "influencer.bank_account_change_pending" => format!(
            "A bank account change for {} awaits your confirmation.",
            text(payload, "name")
        ),
        "code.activated" if es => format!(
            "Su código {} de la campaña {} está activo.",
            text(payload, "code"),
            text(payload, "campaignName")
        ),
        "code.activated" => format!(
            "Your code {} for the campaign {} is active.",
            text(payload, "code"),
            text(payload, "campaignName")
        ),
        "survey.opened" if es => format!(
            "Nueva encuesta: «{}». Respóndela en Encuestas.",
            text(payload, "title")
        ),
        "survey.opened" => format!(
            "New survey: “{}”. Answer it under Surveys.",
            text(payload, "title")
        ),
        "arco.received" if es => format!(
            "Nueva solicitud ARCO ({}) por atender.",
            text(payload, "type")
        ),
        "arco.received" => format!("New ARCO request ({}) to handle.", text(payload, "type")),
        "arco.resolved" if es => format!(
            "Su solicitud ARCO ({}) fue {}.",
            text(payload, "type"),
            match text(payload, "decision") {
                "completed" => "atendida",
                "rejected" => "rechazada",
                other => other,
            }
        ),
        "arco.resolved" => format!(
            "Your ARCO request ({}) was {}.",
            text(payload, "type"),
            match text(payload, "decision") {
                "rejected" => "declined",
                other => other,
            }
        ),
        "tier.changed" if es => format!(
            "Su nivel en la campaña {} cambió a {} ({} %).",
            text(payload, "campaignName"),
            nested(payload, "newTier", "name"),
            nested(payload, "newTier", "commissionPercent")
        ),
        "tier.changed" => format!(
            "Your tier in the campaign {} is now {} ({} %).",
            text(payload, "campaignName"),
            nested(payload, "newTier", "name"),
            nested(payload, "newTier", "commissionPercent")
        ),
        "arco.due_soon" if es => "Una solicitud ARCO vence mañana.".to_owned(),
        "arco.due_soon" => "An ARCO request is due tomorrow.".to_owned(),
        "commission.reverted" if es => format!(
            "Se revirtieron {} COP de la comisión del pedido {}{}.",
            amount(payload, "amount"),
            text(payload, "vtexOrderId"),
            if payload["fullyReverted"] == true {
                " (reverso total)"
            } else {
                " (reverso parcial)"
            }
        ),
        "commission.reverted" => format!(
            "{} COP of the commission on order {} was reverted{}.",
            amount(payload, "amount"),
            text(payload, "vtexOrderId"),
            if payload["fullyReverted"] == true {
                " (in full)"
            } else {
                " (in part)"
            }
        ),
        "balance.negative" if es => format!(
            "Un reverso después del pago dejó un saldo de {} COP (ajuste pendiente de {} COP, pedido {}).",
            amount(payload, "available"),
            amount(payload, "debt"),
            text(payload, "vtexOrderId")
        ),
        "balance.negative" => format!(
            "A reversal after payout left a balance of {} COP (pending adjustment of {} COP, order {}).",
            amount(payload, "available"),
            amount(payload, "debt"),
            text(payload, "vtexOrderId")
        ),
        "commission.on_hold" if es => format!(
            "La comisión del pedido {} quedó retenida ({}).",
            text(payload, "vtexOrderId"),
            hold_label(text(payload, "reason"), locale)
        ),
        "commission.on_hold" => format!(
            "The commission on order {} is on hold ({}).",
            text(payload, "vtexOrderId"),
            hold_label(text(payload, "reason"), locale)
        ),
        "withdrawal.requested" if es => format!(
            "Solicitud de retiro de {} COP de {} ({}).",
            amount(payload, "amount"),
            text(payload, "influencerName"),
            text(payload, "brandName")
        ),
        "withdrawal.requested" => format!(
            "Withdrawal request of {} COP by {} ({}).",
            amount(payload, "amount"),
            text(payload, "influencerName"),
            text(payload, "brandName")
        ),
        "withdrawal.approved" if es => format!(
            "Su retiro de {} COP de {} fue aprobado.",
            amount(payload, "amount"),
            text(payload, "brandName")
        ),
        "withdrawal.approved" => format!(
            "Your withdrawal of {} COP from {} was approved.",
            amount(payload, "amount"),
            text(payload, "brandName")
        ),
        "withdrawal.rejected" if es => format!(
            "Su retiro de {} COP de {} fue rechazado: {}",
            amount(payload, "amount"),
            text(payload, "brandName"),
            text(payload, "reason")
        ),
        "withdrawal.rejected" => format!(
            "Your withdrawal of {} COP from {} was rejected: {}",
            amount(payload, "amount"),
            text(payload, "brandName"),
            text(payload, "reason")
        ),
        "adjustment.created" if es => format!(
            "Se registró un ajuste de {} COP con {}: {}",
            amount(payload, "amount"),
            text(payload, "brandName"),
            text(payload, "reason")
        ),
        "adjustment.created" => format!(
            "An adjustment of {} COP was recorded with {}: {}",
            amount(payload, "amount"),
            text(payload, "brandName"),
            text(payload, "reason")
        ),
        "adjustment.resolved" if es => format!(
            "Se resolvió su ajuste de {} COP con {} ({}).",
            amount(payload, "amount"),
            text(payload, "brandName"),
            adjustment_resolution(payload, locale)
        ),
        "adjustment.resolved" => format!(
            "Your adjustment of {} COP with {} was resolved ({}).",
            amount(payload, "amount"),
            text(payload, "brandName"),
            adjustment_resolution(payload, locale)
        ),
        "reconciliation.finished" if es => format!(
            "Terminó la conciliación con VTEX del {}{}: {} discrepancia(s).",
            text(payload, "businessDate"),
            brand_suffix(payload, " de "),
            amount(payload, "discrepanciesFound")
        ),
        "reconciliation.finished" => format!(
            "The VTEX reconciliation of {}{} finished: {} discrepancies.",
            text(payload, "businessDate"),
            brand_suffix(payload, " for "),
            amount(payload, "discrepanciesFound")
        ),
        other => other.to_owned(),
    }
}

/// `" de Cetaphil"` when the notification is limited to a brand.
fn brand_suffix(payload: &Value, joiner: &str) -> String {
    match text(payload, "brandName") {
        "" => String::new(),
        brand => format!("{joiner}{brand}"),
    }
}

/// How an adjustment was resolved, in words (`domain.md` §5.15).
fn adjustment_resolution(payload: &Value, locale: Locale) -> &'static str {
    let es = locale == Locale::Es;
    match (
        text(payload, "resolutionType"),
        text(payload, "recoveryMethod"),
    ) {
        ("written_off", _) if es => "condonado",
        ("written_off", _) => "written off",
        (_, "repayment") if es => "recuperado con su pago",
        (_, "repayment") => "recovered with your repayment",
        _ if es => "compensado con su saldo",
        _ => "netted against your balance",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn messages_follow_the_locale_and_unknown_types_fall_back() {
        let payload =
            json!({ "code": "CETAPHIL-ISABELA7KQ2", "campaignName": "Cetaphil Lanzamiento" });
        assert_eq!(
            render("code.activated", &payload, Locale::Es),
            "Su código CETAPHIL-ISABELA7KQ2 de la campaña Cetaphil Lanzamiento está activo."
        );
        assert!(render("code.activated", &payload, Locale::En).starts_with("Your code"));
        assert_eq!(render("later.kind", &payload, Locale::Es), "later.kind");
    }

    #[test]
    fn money_notices_read_their_amounts_as_numbers_or_strings() {
        let reverted = json!({ "amount": "20223.00", "vtexOrderId": "1432120512345-01", "fullyReverted": true });
        assert_eq!(
            render("commission.reverted", &reverted, Locale::Es),
            "Se revirtieron 20223.00 COP de la comisión del pedido 1432120512345-01 (reverso total)."
        );
        let negative: Value = serde_json::from_str(
            r#"{"available": -20000.00, "debt": "20000.00", "vtexOrderId": "1"}"#,
        )
        .unwrap_or_default();
        assert!(render("balance.negative", &negative, Locale::En).contains("balance of -20000"));
        let held = json!({ "vtexOrderId": "1", "reason": "self_referral" });
        assert_eq!(
            render("commission.on_hold", &held, Locale::Es),
            "La comisión del pedido 1 quedó retenida (autorreferido)."
        );
    }

    #[test]
    fn a_tier_change_names_the_campaign_and_the_new_tier() {
        let payload = json!({
            "campaignName": "Cetaphil Lanzamiento",
            "newTier": { "level": 2, "name": "Avanzado", "commissionPercent": "12.00" },
        });
        assert_eq!(
            render("tier.changed", &payload, Locale::Es),
            "Su nivel en la campaña Cetaphil Lanzamiento cambió a Avanzado (12.00 %)."
        );
        assert_eq!(
            render("tier.changed", &payload, Locale::En),
            "Your tier in the campaign Cetaphil Lanzamiento is now Avanzado (12.00 %)."
        );
    }
}
