//! Adjustments: the debts of an influencer in a brand (`domain.md` §3.8, §4.8, §5.13.1, §5.15;
//! `api.md` §11). Finance (and admin_dentsu) record `manual` debts and resolve every debt —
//! clawbacks opened by the reversal rule included — by netting, repayment or write-off. Every
//! money effect goes through the one posting path (`usecases::ledger::post`) on the brand balance
//! locked first, then the adjustment row; every act is audited and told to the influencer.

pub mod create;
pub mod notices;
pub mod read;
pub mod representation;
pub mod resolve;

use afiliados_domain::Role;

/// Roles that read every adjustment (admin_marca reads its brands', an influencer its own).
pub const ADJUSTMENT_READERS: [Role; 3] = [Role::AdminDentsu, Role::GestorAfiliados, Role::Finance];

/// Roles that create and resolve adjustments (`domain.md` §2.4 "Adjustments and holds").
pub const ADJUSTMENT_ACTORS: [Role; 2] = [Role::AdminDentsu, Role::Finance];
