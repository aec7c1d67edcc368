//! The 20 latest operational alerts (`alerts`) with their acknowledgement. There is no alerts
//! page in the web yet, so the rows are plain text (no link to follow).

use afiliados_api_types::alerts::AlertResponse;

use crate::format::stamp;
use crate::i18n::I18n;

/// One alert.
pub(crate) struct AlertRow {
    pub(crate) raised_at: String,
    pub(crate) severity: &'static str,
    pub(crate) severity_label: String,
    pub(crate) kind: String,
    /// The api's text (Spanish, the operators' language).
    pub(crate) message: String,
    /// When acknowledged, or `None` while open.
    pub(crate) acknowledged_at: Option<String>,
}

impl AlertRow {
    pub(crate) fn new(i18n: I18n, alert: &AlertResponse) -> AlertRow {
        AlertRow {
            raised_at: stamp(Some(alert.raised_at)),
            severity: alert.severity.as_str(),
            severity_label: i18n.label("severity", alert.severity),
            kind: i18n.label("admin_dashboard.alert_type", alert.alert_type),
            message: alert.message.clone(),
            acknowledged_at: alert.acknowledged_at.map(|at| stamp(Some(at))),
        }
    }
}
