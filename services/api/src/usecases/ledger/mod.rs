//! The ledger and balances as staff and influencers read them, and their verification
//! (`api.md` §10, `domain.md` §5.13). Entries are only ever appended by the operations that move
//! money; nothing here writes one.

pub mod balances;
pub mod entries;
pub mod verify;
