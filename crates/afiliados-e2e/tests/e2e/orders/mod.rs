//! VTEX orders end to end (`architecture.md` §1.2, `vtex.md` §2–4): the real api (own database,
//! outbox relay), real Redis, the worker's `afiliados:vtex_orders` consumer and the VTEX sandbox,
//! whose orders post signed hooks to the api. The story follows orders from checkout to invoice,
//! cancellation and a partial return; the fault stories (issue 10, ADR 0041) kill the worker,
//! stop Redis or PostgreSQL, and make the OMS fail, and check that every order still ends
//! ingested exactly once.

mod books;
mod postgres_outage;
mod redis_outage;
pub(crate) mod shop;
mod story;
mod vtex_faults;
mod worker_crash;
