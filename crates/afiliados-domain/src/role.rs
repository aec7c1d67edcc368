//! The six roles of `domain.md` §1.

use serde::{Deserialize, Serialize};

/// A role a user may hold; a request is allowed when any held role allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Agency administrator (AD).
    AdminDentsu,
    /// Brand owner, scoped to its brands (AM).
    AdminMarca,
    /// Affiliate manager (GA).
    GestorAfiliados,
    /// Medipiel finance (FI).
    Finance,
    /// Read-only audit (AU).
    Auditor,
    /// Affiliate (IN).
    Influencer,
}

impl Role {
    /// Every role, in the order of the permission matrix.
    pub const ALL: [Role; 6] = [
        Role::AdminDentsu,
        Role::AdminMarca,
        Role::GestorAfiliados,
        Role::Finance,
        Role::Auditor,
        Role::Influencer,
    ];

    /// The stored spelling (`app_role` enum).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::AdminDentsu => "admin_dentsu",
            Role::AdminMarca => "admin_marca",
            Role::GestorAfiliados => "gestor_afiliados",
            Role::Finance => "finance",
            Role::Auditor => "auditor",
            Role::Influencer => "influencer",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Staff is every role but `influencer`; 2FA may be mandatory for staff.
    pub fn is_staff(self) -> bool {
        self != Role::Influencer
    }

    /// The web's landing page for a set of roles, first match wins (`domain.md` §1).
    pub fn landing_path(roles: &[Role]) -> &'static str {
        let has = |role| roles.contains(&role);
        if has(Role::AdminDentsu) || has(Role::Auditor) {
            "/admin"
        } else if has(Role::Finance) {
            "/finance"
        } else if has(Role::GestorAfiliados) || has(Role::AdminMarca) {
            "/gestor"
        } else {
            "/influencer"
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_round_trips() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn landing_follows_first_match() {
        assert_eq!(
            Role::landing_path(&[Role::Auditor, Role::Finance]),
            "/admin"
        );
        assert_eq!(
            Role::landing_path(&[Role::Finance, Role::AdminMarca]),
            "/finance"
        );
        assert_eq!(Role::landing_path(&[Role::AdminMarca]), "/gestor");
        assert_eq!(Role::landing_path(&[Role::Influencer]), "/influencer");
    }
}
