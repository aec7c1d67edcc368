//! The system block (`system`): the newest kept backup, webhook deliveries and failures of the
//! last 24 hours, open discrepancies, e-mails undelivered after 30 minutes and failed jobs. A
//! figure that needs attention (no backup, any failure or backlog) is marked, with a word and an
//! icon, not colour alone.

use afiliados_api_types::admin_dashboard::AdminSystem;

use crate::format::{size, stamp};
use crate::i18n::I18n;

/// One figure.
pub(crate) struct SystemFigure {
    pub(crate) id: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) attention: bool,
}

pub(crate) fn figures(i18n: I18n, s: &AdminSystem) -> Vec<SystemFigure> {
    let figure = |id: &'static str, key: &str, value: String, attention: bool| SystemFigure {
        id,
        label: i18n.t(key).to_owned(),
        value,
        attention,
    };
    let count = |id: &'static str, key: &str, n: i64| figure(id, key, n.to_string(), n > 0);
    let backup = match (s.last_backup_at, s.last_backup_size_bytes) {
        (Some(at), Some(bytes)) => format!("{} UTC · {}", stamp(Some(at)), size(bytes)),
        (Some(at), None) => format!("{} UTC", stamp(Some(at))),
        _ => i18n.t("admin_dashboard.no_backup").to_owned(),
    };
    vec![
        figure(
            "system-last-backup",
            "admin_dashboard.last_backup",
            backup,
            s.last_backup_at.is_none(),
        ),
        figure(
            "system-deliveries",
            "admin_dashboard.deliveries_24h",
            s.deliveries_last_24h.to_string(),
            false,
        ),
        count(
            "system-failed-deliveries",
            "admin_dashboard.failed_deliveries_24h",
            s.failed_deliveries_last_24h,
        ),
        count(
            "system-open-discrepancies",
            "admin_dashboard.open_discrepancies",
            s.open_discrepancies,
        ),
        count(
            "system-emails-undelivered",
            "admin_dashboard.emails_undelivered",
            s.emails_undelivered_over_30_min,
        ),
        count(
            "system-jobs-failed",
            "admin_dashboard.jobs_failed_24h",
            s.jobs_failed_last_24h,
        ),
    ]
}
