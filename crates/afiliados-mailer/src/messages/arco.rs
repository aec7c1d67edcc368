//! ARCO (Habeas Data, Ley 1581 de 2012) requests: the acknowledgement with its due date, and
//! the resolution. Spanish labels follow the law's words: a *consulta* for access, a *reclamo*
//! for the rest.

use afiliados_email_messages::{
    ArcoDecision, ArcoRequestReceived, ArcoRequestResolved, ArcoType as RequestType,
};
use askama::Template;

use super::when::InBogota as _;
use crate::render::Locale;

/// How templates name a request type.
trait RequestTypeWords {
    /// Capitalised, for subjects and summaries.
    fn title(self, locale: Locale) -> &'static str;
    /// Lower case, to follow "su solicitud de …" / "your request for …".
    fn phrase(self, locale: Locale) -> &'static str;
}

impl RequestTypeWords for RequestType {
    fn title(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Es, RequestType::Access) => "Consulta de datos personales",
            (Locale::Es, RequestType::Rectify) => "Rectificación de datos personales",
            (Locale::Es, RequestType::Revoke) => "Revocación de la autorización de tratamiento",
            (Locale::Es, RequestType::Delete) => "Supresión de datos personales",
            (Locale::En, RequestType::Access) => "Access to personal data",
            (Locale::En, RequestType::Rectify) => "Correction of personal data",
            (Locale::En, RequestType::Revoke) => "Withdrawal of consent",
            (Locale::En, RequestType::Delete) => "Deletion of personal data",
        }
    }

    fn phrase(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Es, RequestType::Access) => "consulta de sus datos personales",
            (Locale::Es, RequestType::Rectify) => "rectificación de sus datos personales",
            (Locale::Es, RequestType::Revoke) => {
                "revocación de la autorización para el tratamiento de sus datos"
            }
            (Locale::Es, RequestType::Delete) => "supresión de sus datos personales",
            (Locale::En, RequestType::Access) => "access to your personal data",
            (Locale::En, RequestType::Rectify) => "correction of your personal data",
            (Locale::En, RequestType::Revoke) => "withdrawal of your consent to data processing",
            (Locale::En, RequestType::Delete) => "deletion of your personal data",
        }
    }
}

#[derive(Template)]
enum ArcoRequestReceivedParts<'a> {
    #[template(path = "arco_request_received/es/subject.txt")]
    EsSubject { m: &'a ArcoRequestReceived },
    #[template(path = "arco_request_received/es/body.txt")]
    EsText { m: &'a ArcoRequestReceived },
    #[template(path = "arco_request_received/es/body.html")]
    EsHtml { m: &'a ArcoRequestReceived },
    #[template(path = "arco_request_received/en/subject.txt")]
    EnSubject { m: &'a ArcoRequestReceived },
    #[template(path = "arco_request_received/en/body.txt")]
    EnText { m: &'a ArcoRequestReceived },
    #[template(path = "arco_request_received/en/body.html")]
    EnHtml { m: &'a ArcoRequestReceived },
}

render_in_locale!(ArcoRequestReceived, ArcoRequestReceivedParts);

/// How templates name a decision.
trait DecisionWords {
    /// `atendida` / `completed`.
    fn label(self, locale: Locale) -> &'static str;
    /// Whether the request was granted.
    fn completed(self) -> bool;
}

impl DecisionWords for ArcoDecision {
    fn label(self, locale: Locale) -> &'static str {
        match (locale, self) {
            (Locale::Es, ArcoDecision::Completed) => "atendida",
            (Locale::Es, ArcoDecision::Rejected) => "rechazada",
            (Locale::En, ArcoDecision::Completed) => "completed",
            (Locale::En, ArcoDecision::Rejected) => "declined",
        }
    }

    fn completed(self) -> bool {
        matches!(self, ArcoDecision::Completed)
    }
}

#[derive(Template)]
enum ArcoRequestResolvedParts<'a> {
    #[template(path = "arco_request_resolved/es/subject.txt")]
    EsSubject { m: &'a ArcoRequestResolved },
    #[template(path = "arco_request_resolved/es/body.txt")]
    EsText { m: &'a ArcoRequestResolved },
    #[template(path = "arco_request_resolved/es/body.html")]
    EsHtml { m: &'a ArcoRequestResolved },
    #[template(path = "arco_request_resolved/en/subject.txt")]
    EnSubject { m: &'a ArcoRequestResolved },
    #[template(path = "arco_request_resolved/en/body.txt")]
    EnText { m: &'a ArcoRequestResolved },
    #[template(path = "arco_request_resolved/en/body.html")]
    EnHtml { m: &'a ArcoRequestResolved },
}

render_in_locale!(ArcoRequestResolved, ArcoRequestResolvedParts);

/// What the resolution templates compute.
trait ResolutionView {
    /// What the decision means for the person: for a completed request, what was done
    /// (`domain.md` §5.3.5); for a rejected one, that nothing changed.
    fn outcome(&self, locale: Locale) -> &'static str;
    /// The notes, when there are any worth showing.
    fn notes(&self) -> Option<&str>;
}

impl ResolutionView for ArcoRequestResolved {
    fn outcome(&self, locale: Locale) -> &'static str {
        if !self.decision.completed() {
            return match locale {
                Locale::Es => {
                    "Después de revisarla, no fue posible atenderla y sus datos no cambiaron."
                }
                Locale::En => {
                    "After reviewing it, we could not grant it, and your data was not changed."
                }
            };
        }
        match (locale, self.request_type) {
            (Locale::Es, RequestType::Access) => {
                "Puede descargar el archivo con sus datos personales desde su área de Marketing Afiliados."
            }
            (Locale::Es, RequestType::Rectify) => {
                "Sus datos quedaron actualizados con los cambios que solicitó."
            }
            (Locale::Es, RequestType::Revoke) => {
                "Por esa razón su cuenta quedó suspendida y sus códigos de descuento, inactivos."
            }
            (Locale::Es, RequestType::Delete) => {
                "Suprimimos sus datos personales de la plataforma y conservamos solo los registros contables que la ley nos obliga a guardar."
            }
            (Locale::En, RequestType::Access) => {
                "You can download the file with your personal data from your Marketing Afiliados area."
            }
            (Locale::En, RequestType::Rectify) => {
                "Your data has been updated with the changes you requested."
            }
            (Locale::En, RequestType::Revoke) => {
                "As a result, your account is suspended and your discount codes are inactive."
            }
            (Locale::En, RequestType::Delete) => {
                "We deleted your personal data from the platform and keep only the accounting records the law requires us to retain."
            }
        }
    }

    fn notes(&self) -> Option<&str> {
        self.notes
            .as_deref()
            .map(str::trim)
            .filter(|notes| !notes.is_empty())
    }
}
