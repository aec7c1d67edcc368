//! Commissions as staff and influencers read and act on them (`api.md` §10 except tiers and
//! settlements; `domain.md` §4.6, §5.10, §5.13.3). The money effects of a staff revert go through
//! the same posting and clawback path as ingestion (`crate::usecases::orders::ledger`), and every
//! path tells the same people through [`notices`].

pub mod audit_trail;
pub mod hold;
pub mod notices;
pub mod read;
pub mod representation;
pub mod revert;
pub mod summary;

use afiliados_domain::{Actor, Role};

/// Roles that read every commission (AM reads its brands', an influencer its own).
pub const COMMISSION_READERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// Roles that place and release holds and revert (`domain.md` §2.4).
pub const COMMISSION_ACTORS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// How transitions, holds and ledger entries name a staff user.
pub fn staff_label(actor: &Actor) -> String {
    format!("user:{}", actor.email)
}
