//! Raw SQL that PostgreSQL parses and plans once per connection (ADR 0075).
//!
//! diesel never caches a `diesel::sql_query`: its AST marks itself unsafe to cache, because the
//! text may change from call to call. So every call of a hand-written query is parsed, analysed
//! and planned again (an unnamed statement), which on the hot reads (dashboards, every request's
//! aggregations) costs more CPU than executing them. Most of our raw queries are constant
//! text, and for those the marking is too cautious: [`Prepare::prepared`] wraps such a query so
//! the connection's statement cache keys it by its SQL text and bind types, prepares it once
//! (a named statement) and afterwards only binds and executes, and PostgreSQL's plan cache may
//! settle on a generic plan.
//!
//! Use it only where the text is one of a few constant strings (no values, lists or optional
//! clauses formatted into the SQL): each distinct text stays prepared for the connection's life.
//!
//! The same holds for diesel's own writes (ADR 0085): every `UPDATE`, every `INSERT` of an
//! `Insertable` (each column may be `DEFAULT`), every multi-row `INSERT` and every `ON CONFLICT
//! DO UPDATE` marks itself unsafe to cache, so on the ingestion of an order ten writes were parsed
//! and planned on every call — more of PostgreSQL's CPU than executing them. Keyed by text, such
//! a write is as safe to keep prepared as a constant query: a text with `DEFAULT` in place of a
//! value, or with three rows instead of two, is simply another statement. The hot writes are
//! wrapped; multi-row ones through [`Prepare::prepared_rows`], only up to [`PREPARED_ROWS_MAX`] rows, so a connection keeps a few
//! texts, not one per possible row count.

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

/// The most rows a multi-row write is kept prepared for. Each row count is a statement text of
/// its own, so beyond this (a rare order with many lines) the write is parsed each time rather
/// than adding one more statement to every connection for good.
pub const PREPARED_ROWS_MAX: usize = 16;

/// A query whose SQL text is constant, safe to keep prepared (see the module).
#[derive(Debug, Clone, Copy)]
#[must_use = "a query does nothing until it is run"]
pub struct Prepared<Q> {
    query: Q,
    /// Keep it prepared; when false, diesel's own judgement stands.
    keep: bool,
}

/// `.prepared()` on a raw query or a write: keep it prepared per connection.
pub trait Prepare: Sized {
    /// Marks the query as constant text, cacheable by its SQL.
    fn prepared(self) -> Prepared<Self> {
        Prepared {
            query: self,
            keep: true,
        }
    }

    /// Like [`Prepare::prepared`] for a write of `rows` rows, only up to [`PREPARED_ROWS_MAX`].
    fn prepared_rows(self, rows: usize) -> Prepared<Self> {
        Prepared {
            query: self,
            keep: rows <= PREPARED_ROWS_MAX,
        }
    }
}

impl<Q: QueryFragment<Pg>> Prepare for Q {}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.query.walk_ast(pass)
    }

    /// The reason this type exists: the inner query's walk says "unsafe" for any raw SQL.
    fn is_safe_to_cache_prepared(&self, backend: &Pg) -> QueryResult<bool> {
        if self.keep {
            Ok(true)
        } else {
            self.query.is_safe_to_cache_prepared(backend)
        }
    }
}

/// No static id: the statement cache keys the query by its SQL text and bind types.
impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}
