//! ARCO (Habeas Data, Ley 1581 de 2012) requests: the acknowledgement with its due date, and
//! the resolution.

use afiliados_domain::{ArcoStatus, ArcoType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `arco_request_received`: the request was filed; it is answered by `dueAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArcoRequestReceived {
    /// Greeting name.
    pub first_name: String,
    /// What was asked for; an unknown value fails the payload instead of mislabelling a legal
    /// notice.
    pub request_type: ArcoType,
    /// Creation + 10 or 15 business days (`domain.md` §5.3.5); shown as a Bogota date.
    pub due_at: DateTime<Utc>,
    /// The filing number the person can quote.
    pub request_id: Uuid,
}

/// How a request ended: the final states of `arco_status`, and only those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArcoDecision {
    /// Done; its effects applied.
    Completed,
    /// Refused with notes.
    Rejected,
}

impl ArcoDecision {
    /// The decision of a request that reached `status`; `None` while it is still open.
    pub fn of(status: ArcoStatus) -> Option<ArcoDecision> {
        match status {
            ArcoStatus::Completed => Some(ArcoDecision::Completed),
            ArcoStatus::Rejected => Some(ArcoDecision::Rejected),
            ArcoStatus::Received | ArcoStatus::InProgress => None,
        }
    }
}

/// `arco_request_resolved`: the request was completed or rejected, with the staff's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArcoRequestResolved {
    /// Greeting name.
    pub first_name: String,
    /// What was asked for.
    pub request_type: ArcoType,
    /// How it ended.
    pub decision: ArcoDecision,
    /// `resolution_notes`, which may be null; the key itself is required so a producer that
    /// forgets it hears about it (`deserialize_with` is what makes serde require it).
    #[serde(deserialize_with = "Option::deserialize")]
    pub notes: Option<String>,
}
