//! What a job handler returns, and how apalis sees it.

use apalis::prelude::{AbortError, BoxDynError};

/// A handler's failure. Transient ones are retried with backoff up to the queue's attempt cap;
/// permanent ones were already reported to the api and end in the dead set.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt: the api or SMTP was unreachable, answered 5xx or 4xx-deferred, or
    /// another worker holds the lease.
    #[error("transient: {0:#}")]
    Transient(anyhow::Error),
    /// No attempt can succeed (SMTP 5xx, a template that cannot render, a 4xx from the api), or the
    /// attempt cap was reached.
    #[error("permanent: {0:#}")]
    Permanent(anyhow::Error),
}

impl JobError {
    /// Retry policies retry only these.
    pub fn is_transient(&self) -> bool {
        matches!(self, JobError::Transient(_))
    }

    /// Whether a boxed error coming out of the apalis stack is a transient [`JobError`].
    pub fn is_transient_boxed(error: &BoxDynError) -> bool {
        error
            .downcast_ref::<JobError>()
            .is_some_and(JobError::is_transient)
    }

    /// The error apalis gets: permanent failures become [`AbortError`] so that apalis-redis moves
    /// the task to the dead set instead of re-scheduling it (its script would retry 25 times).
    pub fn into_apalis(self) -> BoxDynError {
        match self {
            JobError::Transient(_) => Box::new(self),
            JobError::Permanent(_) => Box::new(AbortError::new(self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permanent_errors_abort_and_transient_ones_stay_retryable() {
        let transient = JobError::Transient(anyhow::anyhow!("smtp down")).into_apalis();
        assert!(JobError::is_transient_boxed(&transient));
        assert!(transient.downcast_ref::<AbortError>().is_none());

        let permanent = JobError::Permanent(anyhow::anyhow!("550")).into_apalis();
        assert!(!JobError::is_transient_boxed(&permanent));
        assert!(permanent.downcast_ref::<AbortError>().is_some());

        let foreign: BoxDynError = "panic".into();
        assert!(!JobError::is_transient_boxed(&foreign));
    }
}
