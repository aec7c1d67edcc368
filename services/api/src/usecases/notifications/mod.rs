//! The notifications area's business writes: sending an outbox e-mail again ([`retry`]).

pub mod retry;
