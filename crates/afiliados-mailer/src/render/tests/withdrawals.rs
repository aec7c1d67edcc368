//! What the withdrawal e-mails say (`domain.md` §5.14, §5.17), with §5.14.6 example 1's 20 000.00
//! of Cetaphil: the amount as pesos in each locale, the payable date in Bogota, the reason.

use super::payloads::{LINK, payload, with};
use crate::{Result, render};

#[test]
fn a_request_states_the_reserved_amount_and_when() -> Result<()> {
    let template = "withdrawal_requested";
    let es = render(template, "es", &payload(template))?;
    assert_eq!(es.subject, "Registramos su solicitud de retiro de Cetaphil");
    for part in [&es.text, &es.html] {
        assert!(part.contains("$20.000,00"), "{part}");
        assert!(part.contains("2 de marzo de 2026 a las 09:05"), "{part}");
    }
    assert!(es.text.contains(LINK));
    let en = render(template, "en", &payload(template))?;
    assert!(en.text.contains("$20,000.00") && en.text.contains("March 2, 2026"));
    Ok(())
}

#[test]
fn an_approval_states_the_payable_date_in_bogota() -> Result<()> {
    let template = "withdrawal_approved";
    // 02:00Z on the 6th is still the 5th in Bogota.
    let late = with(
        template,
        serde_json::json!({"payableFrom": "2026-03-06T02:00:00Z"}),
    );
    let es = render(template, "es", &late)?;
    assert!(
        es.text.contains("Se puede pagar desde: 5 de marzo de 2026"),
        "{}",
        es.text
    );
    assert!(es.html.contains("$20.000,00"), "{}", es.html);
    let en = render(template, "en", &late)?;
    assert!(
        en.text.contains("Payable from: March 5, 2026"),
        "{}",
        en.text
    );
    Ok(())
}

#[test]
fn a_rejection_shows_the_reason_escaped_in_html() -> Result<()> {
    let template = "withdrawal_rejected";
    let tricky = with(
        template,
        serde_json::json!({"reason": "Cuenta <b>errada</b>"}),
    );
    let es = render(template, "es", &tricky)?;
    assert!(
        es.text.contains("Motivo: Cuenta <b>errada</b>"),
        "{}",
        es.text
    );
    assert!(!es.html.contains("<b>errada</b>"), "{}", es.html);
    let en = render(template, "en", &payload(template))?;
    assert!(
        en.text.contains("Reason: La cuenta bancaria"),
        "{}",
        en.text
    );
    assert!(en.text.contains("$20,000.00"), "{}", en.text);
    Ok(())
}
