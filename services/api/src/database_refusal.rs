//! A database refusal as diesel reports it, carrying only PostgreSQL's message: what the unit
//! tests of error mapping (`nul_guard`, `usecases::pipeline`) feed their code instead of a live
//! server's error.

/// PostgreSQL refused a statement with this message (no detail, hint, table or constraint).
pub(crate) struct Refusal(pub(crate) &'static str);

impl Refusal {
    /// As diesel's error for an unclassified refusal.
    pub(crate) fn into_error(self) -> diesel::result::Error {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new(self),
        )
    }
}

impl diesel::result::DatabaseErrorInformation for Refusal {
    fn message(&self) -> &str {
        self.0
    }
    fn details(&self) -> Option<&str> {
        None
    }
    fn hint(&self) -> Option<&str> {
        None
    }
    fn table_name(&self) -> Option<&str> {
        None
    }
    fn column_name(&self) -> Option<&str> {
        None
    }
    fn constraint_name(&self) -> Option<&str> {
        None
    }
    fn statement_position(&self) -> Option<i32> {
        None
    }
}
