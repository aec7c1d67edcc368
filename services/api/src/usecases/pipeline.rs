//! Statements sent together on one connection (ADR 0082).
//!
//! diesel-async pipelines the statements of futures polled together on one connection
//! (`&AsyncPgConnection`): they leave in one write and PostgreSQL runs them one after the
//! other, in the transaction, so a use case pays one round trip for a group of independent
//! statements instead of one each. [`pipelined!`](crate::pipelined) awaits such a group and
//! answers every value or one error.
//!
//! Only statements that do not depend on each other belong in a group: the order in which
//! they reach the server is the order of their first poll, except that a statement the
//! connection has not prepared yet waits for its preparation first. So a group holds reads
//! that need nothing from each other, or writes that touch different rows with no foreign key
//! between them; a write that another one refers to is awaited before the group.
//!
//! When one statement of a group fails, PostgreSQL refuses the ones after it in the
//! transaction ("current transaction is aborted"): the error answered is the one that caused
//! the others, never a follow-up.

use crate::usecases::UseCaseError;

/// Polls the group's futures together, first polls in the order written (re-exported so the
/// macro needs nothing from its caller's dependencies).
pub use futures::join;

/// Awaits futures that return `Result<_, UseCaseError>` together (their statements pipelined)
/// and answers `Ok((a, b, …))` or the causing error.
#[macro_export]
macro_rules! pipelined {
    ($($future:expr),+ $(,)?) => {
        $crate::usecases::pipeline::Settle::settle($crate::usecases::pipeline::join!($($future),+))
    };
}

/// The results of one group, settled into their values or one error.
pub trait Settle {
    /// Every value, in the group's order.
    type Values;
    /// The values, or the error that caused the others.
    fn settle(self) -> Result<Self::Values, UseCaseError>;
}

/// Whether `error` only says an earlier statement of the transaction failed.
pub fn is_follow_up(error: &UseCaseError) -> bool {
    matches!(
        error,
        UseCaseError::Database(diesel::result::Error::DatabaseError(_, info))
            if info.message().starts_with("current transaction is aborted")
    )
}

/// Keeps the first error that is not a follow-up (or the first error at all).
fn keep(cause: &mut Option<UseCaseError>, error: UseCaseError) {
    let replace = match cause {
        None => true,
        Some(kept) => is_follow_up(kept) && !is_follow_up(&error),
    };
    if replace {
        *cause = Some(error);
    }
}

macro_rules! settle_tuple {
    ($($value:ident: $type:ident),+) => {
        impl<$($type),+> Settle for ($(Result<$type, UseCaseError>,)+) {
            type Values = ($($type,)+);

            fn settle(self) -> Result<Self::Values, UseCaseError> {
                let ($($value,)+) = self;
                let mut cause = None;
                $(
                    let $value = match $value {
                        Ok(value) => Some(value),
                        Err(error) => {
                            keep(&mut cause, error);
                            None
                        }
                    };
                )+
                if let Some(error) = cause {
                    return Err(error);
                }
                match ($($value,)+) {
                    ($(Some($value),)+) => Ok(($($value,)+)),
                    _ => Err(UseCaseError::internal("a pipelined statement answered nothing")),
                }
            }
        }
    };
}

settle_tuple!(a: A, b: B);
settle_tuple!(a: A, b: B, c: C);
settle_tuple!(a: A, b: B, c: C, d: D);
settle_tuple!(a: A, b: B, c: C, d: D, e: E);
settle_tuple!(a: A, b: B, c: C, d: D, e: E, f: F);

#[cfg(test)]
mod tests {
    use super::*;

    fn aborted() -> UseCaseError {
        UseCaseError::Database(
            crate::database_refusal::Refusal(
                "current transaction is aborted, commands ignored until end of transaction block",
            )
            .into_error(),
        )
    }

    #[test]
    fn every_value_in_the_group_order() {
        let settled = (Ok::<_, UseCaseError>(1), Ok::<_, UseCaseError>("two")).settle();
        assert!(matches!(settled, Ok((1, "two"))));
    }

    #[test]
    fn the_cause_wins_over_the_follow_ups_whatever_their_order() {
        let settled = (
            Err::<(), _>(aborted()),
            Err::<(), _>(UseCaseError::NotFound),
            Err::<(), _>(aborted()),
        )
            .settle();
        assert!(matches!(settled, Err(UseCaseError::NotFound)));
    }

    #[test]
    fn the_first_of_two_causes_is_answered() {
        let settled = (
            Ok::<_, UseCaseError>(1),
            Err::<(), _>(UseCaseError::Gone),
            Err::<(), _>(UseCaseError::NotFound),
        )
            .settle();
        assert!(matches!(settled, Err(UseCaseError::Gone)));
    }

    #[test]
    fn a_lone_follow_up_is_still_an_error() {
        let settled = (Ok::<_, UseCaseError>(1), Err::<(), _>(aborted())).settle();
        assert!(matches!(
            settled,
            Err(UseCaseError::Database(
                diesel::result::Error::DatabaseError(..)
            ))
        ));
    }
}
