//! The e-mail outbox: queuing a typed message with its `SendEmail` job ([`queue`]), and the
//! rules of its delivery that the worker drives through `/internal/v1/emails` ([`delivery`]).

pub mod delivery;
pub mod queue;
pub mod sealed;

pub use queue::{QueuedEmail, queue, queue_alert, queue_many, queue_sealed};
