//! Withdrawal requests and their decisions (`domain.md` §2.4, §4.7, §5.14.1, §5.14.2, §5.17;
//! `api.md` §11). Every money effect goes through the one posting path
//! (`crate::usecases::ledger::post`) on a balance locked first (ADR 0045); the representation is
//! shared with the payment and batch endpoints ([`representation`]).

pub mod decide;
pub mod notices;
pub mod read;
pub mod representation;
pub mod request;

use afiliados_domain::Role;

/// Roles that read every request (AM reads its brands', an influencer its own).
pub const READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

/// Roles that request on an influencer's behalf (`influencerId` required).
pub const ON_BEHALF: [Role; 2] = [Role::Finance, Role::AdminDentsu];

/// Roles that approve or reject (`domain.md` §2.4: never the gestor).
pub const DECIDERS: [Role; 2] = [Role::Finance, Role::AdminDentsu];
