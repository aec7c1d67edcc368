//! Every template in both locales, plus the failure modes.

use serde_json::json;

use afiliados_email_messages::EmailMessage;

use self::payloads::{LINK, payload};
use super::*;
use crate::MailError;

mod money_alerts;
mod onboarding;
mod payloads;
mod withdrawals;
mod wording;

/// Templates sent to an alert group (`email_outbox.alert_group`) rather than to one person.
const GROUP_ALERTS: &[&str] = &[
    "alert_commission_on_hold",
    "alert_adjustment_recorded",
    "operational_alert",
];

#[test]
fn every_template_renders_in_both_locales() -> Result<()> {
    for template in TEMPLATES {
        let es = render(template, "es", &payload(template))?;
        let en = render(template, "en", &payload(template))?;
        for (locale, mail) in [("es", &es), ("en", &en)] {
            assert!(
                !mail.subject.is_empty() && !mail.subject.contains('\n'),
                "{template}/{locale}"
            );
            assert!(
                mail.text.contains("Ana") && mail.html.contains("Ana"),
                "{template}/{locale}"
            );
            assert!(
                mail.html.contains(&format!("<html lang=\"{locale}\"")),
                "{template}/{locale}"
            );
            assert!(
                !mail.html.contains("{{") && !mail.text.contains("{{"),
                "{template}/{locale}"
            );
        }
        assert_ne!(es.subject, en.subject, "{template} is translated");
        // An alert to a staff group greets the team; every other message greets its person.
        let (hola, hi) = if GROUP_ALERTS.contains(template) {
            ("Hola, equipo", "Hi ")
        } else {
            ("Hola Ana", "Hi Ana")
        };
        assert!(es.text.starts_with(hola), "{template}: {}", es.text);
        assert!(en.text.starts_with(hi), "{template}: {}", en.text);
    }
    Ok(())
}

/// The variant's name; the match is exhaustive, so a new variant fails to compile here until
/// this suite knows it (and [`payloads::payload`] has its fixture).
fn variant(message: &EmailMessage) -> &'static str {
    match message {
        EmailMessage::UserInvitation(_) => "UserInvitation",
        EmailMessage::PasswordReset(_) => "PasswordReset",
        EmailMessage::TwoFactorEnabled(_) => "TwoFactorEnabled",
        EmailMessage::PolicyUpdated(_) => "PolicyUpdated",
        EmailMessage::WelcomeRegistrationReceived(_) => "WelcomeRegistrationReceived",
        EmailMessage::SetPassword(_) => "SetPassword",
        EmailMessage::InfluencerApproved(_) => "InfluencerApproved",
        EmailMessage::InfluencerRejected(_) => "InfluencerRejected",
        EmailMessage::InfluencerSuspended(_) => "InfluencerSuspended",
        EmailMessage::InfluencerReactivated(_) => "InfluencerReactivated",
        EmailMessage::BankAccountChanged(_) => "BankAccountChanged",
        EmailMessage::EmailChanged(_) => "EmailChanged",
        EmailMessage::ArcoRequestReceived(_) => "ArcoRequestReceived",
        EmailMessage::ArcoRequestResolved(_) => "ArcoRequestResolved",
        EmailMessage::CodeActivated(_) => "CodeActivated",
        EmailMessage::SettlementSummary(_) => "SettlementSummary",
        EmailMessage::ReversalAlert(_) => "ReversalAlert",
        EmailMessage::NegativeBalance(_) => "NegativeBalance",
        EmailMessage::AlertCommissionOnHold(_) => "AlertCommissionOnHold",
        EmailMessage::WithdrawalRequested(_) => "WithdrawalRequested",
        EmailMessage::WithdrawalApproved(_) => "WithdrawalApproved",
        EmailMessage::WithdrawalRejected(_) => "WithdrawalRejected",
        EmailMessage::AlertAdjustmentRecorded(_) => "AlertAdjustmentRecorded",
        EmailMessage::WithdrawalPaid(_) => "WithdrawalPaid",
        EmailMessage::ReconciliationSummary(_) => "ReconciliationSummary",
        EmailMessage::OperationalAlert(_) => "OperationalAlert",
        EmailMessage::DiscrepancyEscalated(_) => "DiscrepancyEscalated",
    }
}

#[test]
fn every_email_message_variant_renders_in_both_locales() -> Result<()> {
    let mut seen = Vec::new();
    for template in EmailMessage::TEMPLATES {
        let message = EmailMessage::decode(template, &payload(template))?;
        seen.push(variant(&message));
        for locale in [Locale::Es, Locale::En] {
            let mail = render_message(&message, locale)?;
            assert!(
                !mail.subject.is_empty() && mail.text.contains("Ana") && mail.html.contains("Ana"),
                "{template}/{locale:?}"
            );
            // The typed path and the stored-row path agree.
            let tag = if locale == Locale::Es { "es" } else { "en" };
            assert_eq!(
                mail,
                render(
                    template,
                    tag,
                    &message.payload().map_err(|source| {
                        MailError::InvalidPayload {
                            template: (*template).to_owned(),
                            source,
                        }
                    })?
                )?
            );
        }
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len(),
        EmailMessage::TEMPLATES.len(),
        "one template per variant: {seen:?}"
    );
    Ok(())
}

#[test]
fn links_are_verbatim_in_text_and_escaped_in_html() -> Result<()> {
    for template in [
        "user_invitation",
        "password_reset",
        "welcome_registration_received",
        "set_password",
        "influencer_approved",
        "influencer_reactivated",
    ] {
        let mail = render(template, "es", &payload(template))?;
        assert!(mail.text.contains(LINK), "{template}");
        assert!(
            mail.html
                .contains("href=\"https://afiliados.medipiel.co/auth/accept?token=abc&#38;x=1\"")
                || mail.html.contains(
                    "href=\"https://afiliados.medipiel.co/auth/accept?token=abc&amp;x=1\""
                ),
            "{template}: {}",
            mail.html
        );
    }
    Ok(())
}

#[test]
fn payload_values_are_specific_to_each_message() -> Result<()> {
    let invitation = render("user_invitation", "es", &payload("user_invitation"))?;
    assert!(
        invitation.text.contains("2025-03-01 17:30 UTC"),
        "{}",
        invitation.text
    );
    let reset = render("password_reset", "en", &payload("password_reset"))?;
    assert!(reset.text.contains("30 minutes"), "{}", reset.text);
    assert_eq!(
        render("two_factor_enabled", "en", &payload("two_factor_enabled"))?.subject,
        "Two-step verification is on"
    );
    Ok(())
}

#[test]
fn names_are_html_escaped() -> Result<()> {
    let mail = render(
        "two_factor_enabled",
        "es",
        &json!({ "firstName": "<b>Ana</b>" }),
    )?;
    assert!(!mail.html.contains("<b>Ana</b>"));
    assert!(
        mail.text.contains("<b>Ana</b>"),
        "plain text is not escaped"
    );
    Ok(())
}

#[test]
fn locale_tags_fall_back_to_spanish() -> Result<()> {
    assert_eq!(Locale::from_tag("en-US"), Locale::En);
    assert_eq!(Locale::from_tag("EN"), Locale::En);
    assert_eq!(Locale::from_tag("pt"), Locale::Es);
    assert_eq!(Locale::from_tag(""), Locale::Es);
    let mail = render("two_factor_enabled", "fr", &payload("two_factor_enabled"))?;
    assert!(mail.text.starts_with("Hola"));
    Ok(())
}

#[test]
fn unknown_templates_and_incomplete_payloads_are_permanent() {
    let unknown = render("welcome_pony", "es", &json!({}));
    assert!(matches!(&unknown, Err(MailError::UnknownTemplate(name)) if name == "welcome_pony"));
    let missing = render(
        "password_reset",
        "es",
        &json!({ "firstName": "Ana", "link": LINK }),
    );
    assert!(
        matches!(&missing, Err(MailError::InvalidPayload { template, .. }) if template == "password_reset")
    );
    let wrong_type = render(
        "password_reset",
        "es",
        &json!({ "firstName": "Ana", "link": LINK, "expiresInMinutes": "x" }),
    );
    for result in [unknown, missing, wrong_type] {
        assert!(result.is_err_and(|error| error.is_permanent()));
    }
}
