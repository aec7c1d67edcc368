//! Campaign memberships (`api.md` §6, `domain.md` §5.4.4): assignment with its balance row,
//! tier assignment and first code; status and notes edits.

pub mod assign;
pub mod representation;
pub mod update;
