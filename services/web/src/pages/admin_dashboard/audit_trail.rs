//! The 15 latest audit entries of any kind (`auditTrail`); the full log is `/admin/auditoria`.

use afiliados_api_types::audit::AuditEntry;

use crate::format::stamp;

/// One entry.
pub(crate) struct AuditRow {
    pub(crate) at: String,
    pub(crate) actor: String,
    pub(crate) action: String,
    pub(crate) entity: String,
}

impl AuditRow {
    pub(crate) fn new(entry: &AuditEntry) -> AuditRow {
        AuditRow {
            at: stamp(Some(entry.occurred_at)),
            actor: entry.actor.label.clone(),
            action: entry.action.clone(),
            entity: match (&entry.entity_type, &entry.entity_id) {
                (Some(kind), Some(id)) => format!("{kind} {id}"),
                (Some(kind), None) => kind.clone(),
                _ => String::new(),
            },
        }
    }
}
