//! Tier evaluation (`domain.md` §5.11, `api.md` §10, §21.6): at an instant `E` each active
//! membership of a campaign gets the tier its sales volume of `[E − P, E)` selects. A move closes
//! the open `tier_history` period at `E` and opens the new one, so orders placed before `E` keep
//! their frozen rate and orders from `E` on earn the new one.
//!
//! [`plan::plan`] reads and decides (two queries per campaign: members, confirmed sales of the
//! window) and [`apply::apply`] writes; a dry run stops after the plan, so it answers exactly what
//! a real run would do (ADR 0036). [`evaluate`] serves the manual endpoint, [`due`] the worker's
//! daily schedule, [`history`] the history list.

pub mod apply;
pub mod due;
pub mod evaluate;
pub mod history;
pub mod plan;

use afiliados_domain::Role;

/// `triggered_by` of scheduled evaluations and what they write.
pub const SCHEDULE_ACTOR: &str = "system:tiers";

/// Who may run an evaluation by hand: finance and the platform administrators.
pub const EVALUATORS: [Role; 2] = [Role::Finance, Role::AdminDentsu];

/// Who reads every membership's history (AM reads its brands', an influencer its own).
pub const HISTORY_READERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];
