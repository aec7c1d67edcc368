//! VTEX webhook deliveries (`vtex.md` §2, `api.md` §19 and §21.2): what the webhook stores,
//! what the worker reads and reports, and what staff see and reprocess.

pub mod events;
pub mod feed;
pub mod payload;
pub mod receive;
pub mod recognize;
pub mod staff;
pub mod worker;
