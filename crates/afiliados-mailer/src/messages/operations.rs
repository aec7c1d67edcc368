//! The operational alert (to an alert group): the alert type and severity as words in each
//! locale, the stored message (Spanish, as operators read it) and when it was first raised.

use afiliados_email_messages::OperationalAlert;
use askama::Template;

use super::when::InBogota as _;
use crate::render::Locale;

/// How templates show the payload's codes (`{{ m.alert_type.label(Locale::Es) }}`).
trait Label {
    /// The code as words in `locale`; an unknown code (a newer producer) is shown as is.
    fn label(&self, locale: Locale) -> String;
}

impl Label for String {
    fn label(&self, locale: Locale) -> String {
        let (es, en) = match self.as_str() {
            "webhook_failure" => ("Falla de webhooks", "Webhook failure"),
            "reconciliation" => (
                "Conciliación con diferencias",
                "Reconciliation discrepancies",
            ),
            "reconciliation_failed" => ("Conciliación fallida", "Reconciliation failed"),
            "discrepancy_escalated" => ("Discrepancia escalada", "Discrepancy escalated"),
            "delayed_job" => ("Trabajo retrasado", "Delayed job"),
            "job_failed" => ("Trabajo fallido", "Failed job"),
            "backup_failure" => ("Falla de respaldo", "Backup failure"),
            "email_undelivered" => ("Correo sin entregar", "Undelivered e-mail"),
            "vtex_auth" => (
                "Credenciales de VTEX rechazadas",
                "VTEX credentials refused",
            ),
            "vtex_coupon_capacity" => ("Capacidad de cupones VTEX", "VTEX coupon capacity"),
            "warning" => ("Advertencia", "Warning"),
            "critical" => ("Crítica", "Critical"),
            other => (other, other),
        };
        match locale {
            Locale::Es => es.to_owned(),
            Locale::En => en.to_owned(),
        }
    }
}

#[derive(Template)]
enum OperationalAlertParts<'a> {
    #[template(path = "operational_alert/es/subject.txt")]
    EsSubject { m: &'a OperationalAlert },
    #[template(path = "operational_alert/es/body.txt")]
    EsText { m: &'a OperationalAlert },
    #[template(path = "operational_alert/es/body.html")]
    EsHtml { m: &'a OperationalAlert },
    #[template(path = "operational_alert/en/subject.txt")]
    EnSubject { m: &'a OperationalAlert },
    #[template(path = "operational_alert/en/body.txt")]
    EnText { m: &'a OperationalAlert },
    #[template(path = "operational_alert/en/body.html")]
    EnHtml { m: &'a OperationalAlert },
}

render_in_locale!(OperationalAlert, OperationalAlertParts);
