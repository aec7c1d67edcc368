//! The ledger and balances as staff and influencers read them, and their verification
//! (`api.md` §10, `domain.md` §5.13), and the one writer of the money-out movements (`post`).

pub mod balances;
pub mod entries;
pub mod post;
pub mod verify;
