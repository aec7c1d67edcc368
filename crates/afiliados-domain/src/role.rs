//! The six roles of `domain.md` §1.

use crate::text_enum::text_enum;

text_enum! {
    /// A role a user may hold (`user_roles.role`); a request is allowed when any held role allows
    /// it. `ALL` is the order of the permission matrix.
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        /// Agency administrator (AD).
        AdminDentsu = "admin_dentsu",
        /// Brand owner, scoped to its brands (AM).
        AdminMarca = "admin_marca",
        /// Affiliate manager (GA).
        GestorAfiliados = "gestor_afiliados",
        /// Medipiel finance (FI).
        Finance = "finance",
        /// Read-only audit (AU).
        Auditor = "auditor",
        /// Affiliate (IN).
        Influencer = "influencer",
    }
}

impl Role {
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
