//! What each onboarding message (issue 3) says, in each locale, with its payload's values.

use serde_json::{Value, json};

use super::payloads::{LINK, payload, with};
use crate::{Result, render};

#[test]
fn the_welcome_states_the_review_time() -> Result<()> {
    let template = "welcome_registration_received";
    let es = render(template, "es", &payload(template))?;
    assert!(es.text.contains("3 días hábiles"), "{}", es.text);
    assert!(es.html.contains("Iniciar sesión"), "{}", es.html);
    let en = render(template, "en", &payload(template))?;
    assert!(en.text.contains("3 business days"), "{}", en.text);
    let one = with(template, json!({ "reviewDays": 1 }));
    assert!(render(template, "es", &one)?.text.contains("1 día hábil."));
    assert!(
        render(template, "en", &one)?
            .text
            .contains("1 business day.")
    );
    Ok(())
}

#[test]
fn instants_are_shown_as_colombian_dates() -> Result<()> {
    let set = render("set_password", "es", &payload("set_password"))?;
    assert!(
        set.text
            .contains("16 de marzo de 2026 a las 22:30 (hora de Colombia)"),
        "{}",
        set.text
    );
    assert!(set.text.contains(LINK));
    let bank = render(
        "bank_account_changed",
        "en",
        &payload("bank_account_changed"),
    )?;
    assert!(
        bank.text
            .contains("January 5, 2026 at 14:05 (Colombia time)"),
        "{}",
        bank.text
    );
    assert!(bank.text.contains("••••••7890") && bank.html.contains("••••••7890"));
    let arco = render(
        "arco_request_received",
        "es",
        &payload("arco_request_received"),
    )?;
    assert!(
        arco.text.contains("a más tardar el 16 de marzo de 2026 "),
        "{}",
        arco.text
    );
    assert!(arco.text.contains("0194f3c2-7a1b-7c3d-9e8f-123456789abc"));
    Ok(())
}

#[test]
fn the_approval_lists_the_codes_or_says_they_are_coming() -> Result<()> {
    let template = "influencer_approved";
    let es = render(template, "es", &payload(template))?;
    assert!(
        es.text
            .contains("- CETAPHIL-ANA7KQ3: campaña Verano Cetaphil, 15 % de descuento\n")
            && es
                .text
                .contains("- ISDIN-ANA2M9: campaña Protección solar, 12,5 % de descuento\n"),
        "{}",
        es.text
    );
    assert!(
        es.html.contains("<li><strong>CETAPHIL-ANA7KQ3</strong>"),
        "{}",
        es.html
    );
    let en = render(template, "en", &payload(template))?;
    assert!(
        en.text.contains("Verano Cetaphil campaign, 15% off"),
        "{}",
        en.text
    );
    assert!(en.text.contains("12.5% off"), "{}", en.text);

    let none = with(template, json!({ "codes": [] }));
    let es = render(template, "es", &none)?;
    assert!(es.text.contains("Pronto le asignaremos"), "{}", es.text);
    assert!(!es.html.contains("<ul>"), "{}", es.html);
    assert!(
        render(template, "en", &none)?
            .text
            .contains("We will assign your discount codes soon")
    );
    Ok(())
}

#[test]
fn reasons_are_shown_and_escaped() -> Result<()> {
    for template in ["influencer_rejected", "influencer_suspended"] {
        let payload = with(
            template,
            json!({ "reason": "Falta el <b>RUT</b> & la cédula" }),
        );
        let es = render(template, "es", &payload)?;
        assert!(
            es.text.contains("Motivo: Falta el <b>RUT</b> & la cédula"),
            "{}",
            es.text
        );
        assert!(!es.html.contains("<b>RUT</b>"), "{}", es.html);
        assert!(es.html.contains("&#60;b&#62;RUT") || es.html.contains("&lt;b&gt;RUT"));
        let en = render(template, "en", &payload)?;
        assert!(
            en.text.contains("Reason: Falta el <b>RUT</b>"),
            "{}",
            en.text
        );
    }
    Ok(())
}

#[test]
fn arco_types_and_decisions_have_labels_in_both_locales() -> Result<()> {
    let received = [
        (
            "access",
            "Consulta de datos personales",
            "Access to personal data",
        ),
        (
            "rectify",
            "Rectificación de datos personales",
            "Correction of personal data",
        ),
        (
            "revoke",
            "Revocación de la autorización de tratamiento",
            "Withdrawal of consent",
        ),
        (
            "delete",
            "Supresión de datos personales",
            "Deletion of personal data",
        ),
    ];
    for (kind, es_title, en_title) in received {
        let payload = with("arco_request_received", json!({ "requestType": kind }));
        let es = render("arco_request_received", "es", &payload)?;
        assert_eq!(es.subject, format!("Recibimos su solicitud: {es_title}"));
        let en = render("arco_request_received", "en", &payload)?;
        assert_eq!(en.subject, format!("We received your request: {en_title}"));
        for decision in ["completed", "rejected"] {
            let payload = with(
                "arco_request_resolved",
                json!({ "requestType": kind, "decision": decision }),
            );
            let es = render("arco_request_resolved", "es", &payload)?;
            assert!(
                !es.text.contains(kind) && !es.text.contains(decision),
                "{}",
                es.text
            );
            let en = render("arco_request_resolved", "en", &payload)?;
            assert!(
                !en.text.contains(decision) || decision == "completed",
                "{}",
                en.text
            );
        }
    }
    let rejected = with(
        "arco_request_resolved",
        json!({ "requestType": "delete", "decision": "rejected", "notes": "Tiene un retiro pendiente." }),
    );
    let es = render("arco_request_resolved", "es", &rejected)?;
    assert!(
        es.text.contains("fue rechazada. Después de revisarla"),
        "{}",
        es.text
    );
    assert!(
        es.text
            .contains("Observaciones: Tiene un retiro pendiente.")
    );
    assert!(
        render("arco_request_resolved", "en", &rejected)?
            .text
            .contains("was declined.")
    );
    Ok(())
}

#[test]
fn resolution_notes_may_be_null_or_blank() -> Result<()> {
    for notes in [Value::Null, json!("   ")] {
        let mut payload = payload("arco_request_resolved");
        payload["notes"] = notes;
        let es = render("arco_request_resolved", "es", &payload)?;
        assert!(!es.text.contains("Observaciones") && !es.html.contains("Observaciones"));
        assert!(
            es.text
                .contains("fue atendida. Sus datos quedaron actualizados"),
            "{}",
            es.text
        );
        assert!(
            !render("arco_request_resolved", "en", &payload)?
                .text
                .contains("Notes:")
        );
    }
    Ok(())
}

#[test]
fn an_activated_code_names_the_code_campaign_brand_and_discount() -> Result<()> {
    let es = render("code_activated", "es", &payload("code_activated"))?;
    assert_eq!(
        es.subject,
        "Su código de descuento está activo: CETAPHIL-ANA7KQ3"
    );
    for line in [
        "Código: CETAPHIL-ANA7KQ3",
        "Campaña: Verano Cetaphil",
        "Marca: Cetaphil",
        "Descuento: 15 %",
    ] {
        assert!(es.text.contains(line), "{line}: {}", es.text);
    }
    // A number is accepted as well as the api's decimal string.
    let numeric = with("code_activated", json!({ "discountPercent": 12.5 }));
    assert!(
        render("code_activated", "en", &numeric)?
            .text
            .contains("Discount: 12.5%")
    );
    Ok(())
}

#[test]
fn a_removed_bank_account_says_so_instead_of_a_number() -> Result<()> {
    // The key stays, with null (`with` would drop it).
    let mut payload = payload("bank_account_changed");
    payload["accountNumberMasked"] = Value::Null;
    let es = render("bank_account_changed", "es", &payload)?;
    assert!(
        es.text
            .contains("Su perfil ya no tiene una cuenta bancaria registrada.")
            && !es.text.contains("Nueva cuenta"),
        "{}",
        es.text
    );
    assert!(es.html.contains("ya no tiene una cuenta bancaria"));
    let en = render("bank_account_changed", "en", &payload)?;
    assert!(
        en.text
            .contains("Your profile no longer has a bank account on file.")
            && !en.text.contains("New account"),
        "{}",
        en.text
    );
    Ok(())
}
