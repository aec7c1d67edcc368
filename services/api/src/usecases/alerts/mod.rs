//! Operational alerts (`domain.md` §3.10, §5.17): raising one (stored once per open condition,
//! told in-app to every `admin_dentsu` and `gestor_afiliados`, counted in
//! `marketing_afiliados_alerts_total{alert_type}`).

pub mod raise;

pub use raise::{AlertInput, raise};
