//! Writing audit rows: who (user, anonymous or service), what, on which entity, before and after,
//! from which address and request. Called inside the transaction of the change it records.

use afiliados_db::AsyncPgConnection;
use afiliados_db::audit::NewAuditRow;
use afiliados_domain::Actor;
use uuid::Uuid;

use crate::request_context;

/// Who an audited act is by.
#[derive(Debug, Clone)]
pub enum AuditActor<'a> {
    /// A signed-in user.
    User(&'a Actor),
    /// A user identified by credentials, before a session exists (sign-in).
    Identified {
        /// The user.
        id: Uuid,
        /// Email.
        label: String,
        /// Roles.
        roles: Vec<String>,
    },
    /// Someone not identified (a failed sign-in for an unknown email, a reset link).
    Anonymous(String),
    /// The worker through `/internal/v1`.
    Service,
    /// A system job or CLI (`system:seed`).
    System(&'a str),
}

/// One audit event.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    /// Dotted action from domain.md §8.
    pub action: &'a str,
    /// Entity kind.
    pub entity_type: &'a str,
    /// Entity id.
    pub entity_id: Option<String>,
    /// State before (never secrets).
    pub before: Option<serde_json::Value>,
    /// State after (never secrets).
    pub after: Option<serde_json::Value>,
}

impl<'a> AuditEvent<'a> {
    /// An event on an entity with no before/after.
    pub fn new(action: &'a str, entity_type: &'a str, entity_id: impl ToString) -> AuditEvent<'a> {
        AuditEvent {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            before: None,
            after: None,
        }
    }

    /// With before/after.
    pub fn changes(
        mut self,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> AuditEvent<'a> {
        self.before = before;
        self.after = after;
        self
    }
}

/// Appends the row.
pub async fn record(
    conn: &AsyncPgConnection,
    tenant_id: Uuid,
    actor: &AuditActor<'_>,
    event: AuditEvent<'_>,
) -> Result<(), diesel::result::Error> {
    let (actor_type, actor_user_id, actor_label, actor_roles) = match actor {
        AuditActor::User(actor) => (
            "user",
            Some(actor.user_id),
            actor.email.clone(),
            actor.role_names(),
        ),
        AuditActor::Identified { id, label, roles } => {
            ("user", Some(*id), label.clone(), roles.clone())
        }
        AuditActor::Anonymous(label) => ("anonymous", None, label.clone(), Vec::new()),
        AuditActor::Service => ("service", None, "service:worker".to_owned(), Vec::new()),
        AuditActor::System(label) => ("system", None, (*label).to_owned(), Vec::new()),
    };
    let context = request_context::current();
    let row = NewAuditRow {
        id: afiliados_db::new_id(),
        tenant_id,
        actor_type: actor_type.to_owned(),
        actor_user_id,
        actor_label,
        actor_roles,
        action: event.action.to_owned(),
        entity_type: Some(event.entity_type.to_owned()),
        entity_id: event.entity_id,
        before: event.before,
        after: event.after,
        ip: context
            .as_ref()
            .and_then(|c| c.client_ip)
            .map(ipnet::IpNet::from),
        user_agent: context.as_ref().and_then(|c| c.user_agent.clone()),
        request_id: context.as_ref().map(|c| c.request_id.clone()),
        trace_id: None,
    };
    afiliados_db::audit::insert(conn, &row).await
}
