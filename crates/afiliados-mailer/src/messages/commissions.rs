//! The money alerts of one commission: a reversal and a balance left owing (to the influencer),
//! and a hold (to the finance alert group). Amounts are pesos in the locale; reasons are words,
//! never the stored codes.

use afiliados_email_messages::{
    AlertAdjustmentRecorded, AlertCommissionOnHold, HoldReason, NegativeBalance, ReversalAlert,
    ReversalReason,
};
use askama::Template;
use rust_decimal::Decimal;

use super::pesos;
use crate::render::Locale;

/// How templates show an amount of the payload (`{{ m.amount.cop(Locale::Es) }}`).
trait Cop {
    /// Pesos in the locale.
    fn cop(&self, locale: Locale) -> String;
}

impl Cop for Decimal {
    fn cop(&self, locale: Locale) -> String {
        pesos(*self, locale)
    }
}

/// How templates say why a commission was reverted, to follow "porque …" / "because …".
trait ReversalWords {
    /// The cause, as a clause.
    fn because(self, locale: Locale) -> &'static str;
}

impl ReversalWords for ReversalReason {
    fn because(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Es, ReversalReason::OrderCanceled) => "el pedido fue cancelado",
            (Locale::Es, ReversalReason::OrderReturned) => "el pedido fue devuelto",
            (Locale::Es, ReversalReason::PartialReturn) => {
                "el cliente devolvió algunas unidades del pedido"
            }
            (Locale::Es, ReversalReason::OrderEdited) => {
                "el pedido se modificó y se retiraron unidades"
            }
            (Locale::Es, ReversalReason::AmountDecreased) => "el valor del pedido disminuyó",
            (Locale::Es, ReversalReason::StaffRevert) => {
                "el equipo de Medipiel la revirtió tras revisarla"
            }
            (Locale::En, ReversalReason::OrderCanceled) => "the order was canceled",
            (Locale::En, ReversalReason::OrderReturned) => "the order was returned",
            (Locale::En, ReversalReason::PartialReturn) => {
                "the customer returned some units of the order"
            }
            (Locale::En, ReversalReason::OrderEdited) => {
                "the order was edited and units were removed"
            }
            (Locale::En, ReversalReason::AmountDecreased) => "the order's value went down",
            (Locale::En, ReversalReason::StaffRevert) => {
                "the Medipiel team reverted it after a review"
            }
        }
    }
}

/// How templates name a hold reason.
trait HoldWords {
    /// The reason, for a line "Motivo: …" / "Reason: …".
    fn label(self, locale: Locale) -> &'static str;
}

impl HoldWords for HoldReason {
    fn label(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Es, HoldReason::SelfReferral) => {
                "autorreferido (el cliente coincide con el influenciador)"
            }
            (Locale::Es, HoldReason::FraudReview) => "revisión por posible fraude",
            (Locale::Es, HoldReason::Manual) => "retención manual",
            (Locale::En, HoldReason::SelfReferral) => {
                "self-referral (the customer matches the influencer)"
            }
            (Locale::En, HoldReason::FraudReview) => "fraud review",
            (Locale::En, HoldReason::Manual) => "manual hold",
        }
    }
}

#[derive(Template)]
enum ReversalAlertParts<'a> {
    #[template(path = "reversal_alert/es/subject.txt")]
    EsSubject { m: &'a ReversalAlert },
    #[template(path = "reversal_alert/es/body.txt")]
    EsText { m: &'a ReversalAlert },
    #[template(path = "reversal_alert/es/body.html")]
    EsHtml { m: &'a ReversalAlert },
    #[template(path = "reversal_alert/en/subject.txt")]
    EnSubject { m: &'a ReversalAlert },
    #[template(path = "reversal_alert/en/body.txt")]
    EnText { m: &'a ReversalAlert },
    #[template(path = "reversal_alert/en/body.html")]
    EnHtml { m: &'a ReversalAlert },
}

render_in_locale!(ReversalAlert, ReversalAlertParts);

#[derive(Template)]
enum NegativeBalanceParts<'a> {
    #[template(path = "negative_balance/es/subject.txt")]
    EsSubject { m: &'a NegativeBalance },
    #[template(path = "negative_balance/es/body.txt")]
    EsText { m: &'a NegativeBalance },
    #[template(path = "negative_balance/es/body.html")]
    EsHtml { m: &'a NegativeBalance },
    #[template(path = "negative_balance/en/subject.txt")]
    EnSubject { m: &'a NegativeBalance },
    #[template(path = "negative_balance/en/body.txt")]
    EnText { m: &'a NegativeBalance },
    #[template(path = "negative_balance/en/body.html")]
    EnHtml { m: &'a NegativeBalance },
}

render_in_locale!(NegativeBalance, NegativeBalanceParts);

#[derive(Template)]
enum AlertCommissionOnHoldParts<'a> {
    #[template(path = "alert_commission_on_hold/es/subject.txt")]
    EsSubject { m: &'a AlertCommissionOnHold },
    #[template(path = "alert_commission_on_hold/es/body.txt")]
    EsText { m: &'a AlertCommissionOnHold },
    #[template(path = "alert_commission_on_hold/es/body.html")]
    EsHtml { m: &'a AlertCommissionOnHold },
    #[template(path = "alert_commission_on_hold/en/subject.txt")]
    EnSubject { m: &'a AlertCommissionOnHold },
    #[template(path = "alert_commission_on_hold/en/body.txt")]
    EnText { m: &'a AlertCommissionOnHold },
    #[template(path = "alert_commission_on_hold/en/body.html")]
    EnHtml { m: &'a AlertCommissionOnHold },
}

render_in_locale!(AlertCommissionOnHold, AlertCommissionOnHoldParts);

#[derive(Template)]
enum AlertAdjustmentRecordedParts<'a> {
    #[template(path = "alert_adjustment_recorded/es/subject.txt")]
    EsSubject { m: &'a AlertAdjustmentRecorded },
    #[template(path = "alert_adjustment_recorded/es/body.txt")]
    EsText { m: &'a AlertAdjustmentRecorded },
    #[template(path = "alert_adjustment_recorded/es/body.html")]
    EsHtml { m: &'a AlertAdjustmentRecorded },
    #[template(path = "alert_adjustment_recorded/en/subject.txt")]
    EnSubject { m: &'a AlertAdjustmentRecorded },
    #[template(path = "alert_adjustment_recorded/en/body.txt")]
    EnText { m: &'a AlertAdjustmentRecorded },
    #[template(path = "alert_adjustment_recorded/en/body.html")]
    EnHtml { m: &'a AlertAdjustmentRecorded },
}

render_in_locale!(AlertAdjustmentRecorded, AlertAdjustmentRecordedParts);
