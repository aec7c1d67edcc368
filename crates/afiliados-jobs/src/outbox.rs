//! The row shape of the api's `job_outbox` table.

use serde::{Deserialize, Serialize};

use crate::{Job, JobsError, Result};

/// One `job_outbox` row: `job_type` is the payload's [`Job::NAME`], `payload` its JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxJob {
    /// Payload name, e.g. `"SendEmail"`.
    pub job_type: String,
    /// Payload JSON, e.g. `{"emailId": "…"}`.
    pub payload: serde_json::Value,
}

impl OutboxJob {
    /// The row for a typed payload (what the api's use cases insert).
    pub fn new<J: Job>(job: &J) -> Result<OutboxJob> {
        let payload = serde_json::to_value(job).map_err(|source| JobsError::InvalidPayload {
            job_type: J::NAME.to_owned(),
            source,
        })?;
        Ok(OutboxJob {
            job_type: J::NAME.to_owned(),
            payload,
        })
    }

    /// Decodes the payload as `J`; a mismatch is [`JobsError::InvalidPayload`].
    pub fn decode<J: Job>(&self) -> Result<J> {
        serde_json::from_value(self.payload.clone()).map_err(|source| JobsError::InvalidPayload {
            job_type: self.job_type.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::SendEmail;

    #[test]
    fn round_trips_a_typed_payload() -> Result<()> {
        let job = SendEmail {
            email_id: Uuid::now_v7(),
        };
        let row = OutboxJob::new(&job)?;
        assert_eq!(row.job_type, "SendEmail");
        assert_eq!(row.decode::<SendEmail>()?, job);
        Ok(())
    }

    #[test]
    fn a_payload_missing_its_id_is_invalid() {
        let row = OutboxJob {
            job_type: "SendEmail".into(),
            payload: serde_json::json!({}),
        };
        assert!(matches!(
            row.decode::<SendEmail>(),
            Err(JobsError::InvalidPayload { .. })
        ));
    }
}
