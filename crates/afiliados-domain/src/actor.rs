//! The [`Actor`]: the signed-in person a use case acts for — who they are, which roles they hold
//! right now and which brands they manage. The api builds it from a verified token and fresh
//! database reads; use cases check permissions with it and record it in audit and history rows.
//! It knows nothing of HTTP, so seeds, tools and tests build one directly.

use uuid::Uuid;

use crate::role::Role;

/// A signed-in user acting on the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id.
    pub user_id: Uuid,
    /// The user's e-mail: how audit and history rows name the actor.
    pub email: String,
    /// Roles held now (re-read on every request, so a change applies at once).
    pub roles: Vec<Role>,
    /// Brands the user manages (the `admin_marca` scope); empty for other roles.
    pub brand_ids: Vec<Uuid>,
    /// The session the request came through (none for the restricted 2FA enrolment token).
    pub session_id: Option<Uuid>,
}

/// A permission refusal: the actor holds none of the roles the operation needs (403
/// `forbidden`; rows outside the actor's scope are "not found" instead, never this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the actor holds none of the required roles")]
pub struct AccessDenied;

impl Actor {
    /// Whether any held role is one of `roles`.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|role| roles.contains(role))
    }

    /// [`AccessDenied`] unless a held role is one of `roles` (a row of the permission matrix).
    pub fn require_any(&self, roles: &[Role]) -> Result<(), AccessDenied> {
        if self.has_any(roles) {
            Ok(())
        } else {
            Err(AccessDenied)
        }
    }

    /// The stored spellings of the roles, as audit rows keep them.
    pub fn role_names(&self) -> Vec<String> {
        self.roles.iter().map(|r| r.as_str().to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            user_id: Uuid::nil(),
            email: "gestor@medipiel.co".into(),
            roles: roles.to_vec(),
            brand_ids: Vec::new(),
            session_id: None,
        }
    }

    #[test]
    fn any_held_role_grants() {
        let gestor = actor(&[Role::GestorAfiliados, Role::Auditor]);
        assert!(gestor.has_any(&[Role::AdminDentsu, Role::GestorAfiliados]));
        assert_eq!(gestor.require_any(&[Role::Auditor]), Ok(()));
        assert_eq!(
            gestor.require_any(&[Role::Finance, Role::AdminMarca]),
            Err(AccessDenied)
        );
        assert_eq!(
            actor(&[]).require_any(&[Role::Influencer]),
            Err(AccessDenied)
        );
        assert_eq!(gestor.role_names(), ["gestor_afiliados", "auditor"]);
    }
}
