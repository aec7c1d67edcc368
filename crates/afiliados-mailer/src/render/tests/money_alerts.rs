//! What the money alerts of one commission say (`domain.md` §5.9, §5.10, §5.13.3): amounts as
//! pesos in each locale, the reason in words (never the stored code), full and partial reversals
//! told apart, and the link to the web.

use serde_json::json;

use super::payloads::{LINK, payload, with};
use crate::{Result, render};

#[test]
fn a_partial_return_says_what_was_reverted_and_what_stands() -> Result<()> {
    let template = "reversal_alert";
    let es = render(template, "es", &payload(template))?;
    assert_eq!(es.subject, "Se revirtió parte de una comisión suya");
    for part in [&es.text, &es.html] {
        assert!(part.contains("1432120512345-01"), "{part}");
        assert!(part.contains("$9.261,41"), "{part}");
        assert!(part.contains("$20.510,23"), "{part}");
        assert!(part.contains("devolvió algunas unidades"), "{part}");
        assert!(!part.contains("partial_return"), "{part}");
    }
    assert!(es.text.contains(LINK));
    let en = render(template, "en", &payload(template))?;
    assert_eq!(en.subject, "Part of one of your commissions was reverted");
    assert!(en.text.contains("$9,261.41") && en.text.contains("$20,510.23"));
    assert!(en.text.contains("returned some units"), "{}", en.text);
    Ok(())
}

#[test]
fn a_cancellation_while_estimated_reverts_everything() -> Result<()> {
    // domain.md §5.9 example 3: 20 223.00 canceled while estimated.
    let canceled = with(
        "reversal_alert",
        json!({
            "reason": "order_canceled", "amount": "20223.00", "remaining": "0.00",
            "fullyReverted": true
        }),
    );
    let es = render("reversal_alert", "es", &canceled)?;
    assert_eq!(es.subject, "Se revirtió una comisión suya");
    assert!(
        es.text
            .contains("fue revertida porque el pedido fue cancelado.")
    );
    assert!(
        es.text.contains("Valor revertido: $20.223,00"),
        "{}",
        es.text
    );
    assert!(es.html.contains("$20.223,00"));
    let en = render("reversal_alert", "en", &canceled)?;
    assert_eq!(en.subject, "One of your commissions was reverted");
    assert!(
        en.text.contains("because the order was canceled."),
        "{}",
        en.text
    );
    let staff = with("reversal_alert", json!({ "reason": "staff_revert" }));
    assert!(
        render("reversal_alert", "es", &staff)?
            .text
            .contains("el equipo de Medipiel la revirtió")
    );
    Ok(())
}

#[test]
fn a_negative_balance_states_the_debt_and_the_balance() -> Result<()> {
    let template = "negative_balance";
    let es = render(template, "es", &payload(template))?;
    assert_eq!(es.subject, "Su saldo con Cetaphil quedó en negativo");
    assert!(
        es.text.contains("Ajuste pendiente: $20.000,00"),
        "{}",
        es.text
    );
    assert!(
        es.text
            .contains("Saldo disponible con Cetaphil: -$20.000,00"),
        "{}",
        es.text
    );
    assert!(es.html.contains("-$20.000,00"));
    let en = render(template, "en", &payload(template))?;
    assert_eq!(en.subject, "Your Cetaphil balance is negative");
    assert!(en.text.contains("Pending adjustment: $20,000.00"));
    assert!(en.text.contains("-$20,000.00"));
    Ok(())
}

#[test]
fn the_hold_alert_tells_finance_who_what_and_why() -> Result<()> {
    let template = "alert_commission_on_hold";
    let es = render(template, "es", &payload(template))?;
    assert_eq!(
        es.subject,
        "Comisión retenida: pedido 1432120512345-01 (Cetaphil)"
    );
    for part in [&es.text, &es.html] {
        assert!(part.contains("Ana Gómez"), "{part}");
        assert!(part.contains("$20.223,00"), "{part}");
        assert!(part.contains("autorreferido"), "{part}");
        assert!(!part.contains("self_referral"), "{part}");
    }
    let en = render(template, "en", &payload(template))?;
    assert!(en.text.starts_with("Hi finance team,"));
    assert!(en.text.contains("Reason: self-referral"), "{}", en.text);
    let manual = with(template, json!({ "reason": "fraud_review" }));
    assert!(
        render(template, "es", &manual)?
            .text
            .contains("Motivo: revisión por posible fraude")
    );
    Ok(())
}

#[test]
fn names_in_the_alerts_are_escaped_in_html() -> Result<()> {
    let hostile = with(
        "alert_commission_on_hold",
        json!({ "influencerName": "<script>Ana</script>", "brandName": "A&B" }),
    );
    let mail = render("alert_commission_on_hold", "es", &hostile)?;
    assert!(!mail.html.contains("<script>"), "{}", mail.html);
    assert!(mail.text.contains("<script>Ana</script>"));
    Ok(())
}
