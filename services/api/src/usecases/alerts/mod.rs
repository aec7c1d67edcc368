//! Operational alerts (`domain.md` §3.10, §5.17): raising one (stored once per open condition,
//! told in-app to every `admin_dentsu` and `gestor_afiliados`, e-mailed to its group at most once
//! per dedup window, counted in `marketing_afiliados_alerts_total{alert_type}`), the operational
//! queue, acknowledging by reading the notification, and the periodic checks (ADR 0058).

pub mod acknowledge;
pub mod evaluate;
pub mod pending;
pub mod raise;
pub mod retention;

pub use raise::{AlertInput, raise};
