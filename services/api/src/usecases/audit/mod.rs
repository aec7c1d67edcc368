//! Reading the audit trail (admin_dentsu, auditor): the append-only log ([`logs`]) and the
//! semiannual access review ([`access_review`], itself audited as an export).

pub mod access_review;
pub mod logs;

use afiliados_domain::Role;

/// Who reads the audit trail.
pub const READERS: [Role; 2] = [Role::AdminDentsu, Role::Auditor];
