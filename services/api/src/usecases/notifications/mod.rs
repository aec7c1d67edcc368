//! Notifications: the signed-in user's in-app feed ([`feed`]) and the e-mail outbox staff watch
//! and retry ([`outbox`], [`retry`]).

pub mod feed;
pub mod outbox;
pub mod retry;
