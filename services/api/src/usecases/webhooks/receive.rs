//! The webhook's one transaction (`vtex.md` §2, `api.md` §19): store what arrived as a
//! `webhook_delivery_log` row and, for a new hook or document, its `IngestVtexOrder` job. The
//! route has already read the body, parsed it and authenticated it; this decides the row's
//! status and answer. Refusals are rows too, so they are answers of this function (committed),
//! not errors.

use afiliados_db::AsyncPgConnection;
use afiliados_db::webhook_delivery_log::{self as log, NewDelivery};
use afiliados_domain::{DeliveryKind, DeliveryStatus, DeliveryVerification};
use afiliados_jobs::IngestVtexOrder;
use ipnet::IpNet;
use serde_json::Value;
use uuid::Uuid;

use super::payload;
use super::recognize::Recognized;
use crate::usecases::{UseCaseContext, UseCaseError};

/// What arrived, as the route saw it.
#[derive(Debug, Clone, Copy)]
pub struct Receipt<'a> {
    /// The exact bytes.
    pub body: &'a [u8],
    /// The body as JSON; `None` when it is not JSON.
    pub json: Option<&'a Value>,
    /// What the body is.
    pub recognized: &'a Recognized,
    /// How it was authenticated, or why not (`missing_signature`, …).
    pub verification: Result<DeliveryVerification, &'a str>,
    /// The client address.
    pub source_ip: Option<IpNet>,
    /// The selected headers (no credentials).
    pub headers: &'a Value,
}

/// The answer the row was stored with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 200 `pong` (kind `ping`, `ignored`).
    Pong,
    /// 200 `accepted`: `received` and enqueued.
    Accepted,
    /// 200 `duplicate` of the live delivery `original`.
    Duplicate {
        /// The live delivery holding the key.
        original: Uuid,
    },
    /// 401 `webhook_signature_invalid` (`rejected`).
    Rejected,
    /// 400 `invalid_json` (`rejected`).
    InvalidJson,
    /// 422 `unrecognized_payload` (`ignored`, kind `unknown`).
    Unrecognized,
}

impl Answer {
    /// The HTTP status stored in `response_code`.
    pub fn status_code(self) -> i32 {
        match self {
            Answer::Pong | Answer::Accepted | Answer::Duplicate { .. } => 200,
            Answer::Rejected => 401,
            Answer::InvalidJson => 400,
            Answer::Unrecognized => 422,
        }
    }
}

/// The stored delivery and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// The new row.
    pub delivery_id: Uuid,
    /// What to answer.
    pub answer: Answer,
}

/// Stores the receipt (and its job) in the caller's transaction.
#[tracing::instrument(skip_all, fields(delivery.kind = %receipt.recognized.kind()))]
pub async fn receive(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    receipt: &Receipt<'_>,
) -> Result<Received, UseCaseError> {
    let id = afiliados_db::new_id();
    let recognized = receipt.recognized;
    let kind = recognized.kind();
    let key = recognized.idempotency_key();
    let (verification, verification_error) = match receipt.verification {
        Ok(verification) => (verification, None),
        Err(reason) => (DeliveryVerification::Failed, Some(reason)),
    };
    let (status, answer) = match (receipt.json, kind, verification_error) {
        (None, _, _) => (DeliveryStatus::Rejected, Answer::InvalidJson),
        // A ping carries no data and needs no authentication.
        (Some(_), DeliveryKind::Ping, _) => (DeliveryStatus::Ignored, Answer::Pong),
        (Some(_), _, Some(_)) => (DeliveryStatus::Rejected, Answer::Rejected),
        (Some(_), DeliveryKind::Unknown, None) => (DeliveryStatus::Ignored, Answer::Unrecognized),
        // Received unless the key turns out to be live already (below).
        (Some(_), _, None) => (DeliveryStatus::Received, Answer::Accepted),
    };
    let verification = if kind == DeliveryKind::Ping && receipt.json.is_some() {
        DeliveryVerification::NotRequired
    } else {
        verification
    };
    let verification_error = verification_error.filter(|_| status == DeliveryStatus::Rejected);
    // Rejected bodies are not kept (attacker-controlled); documents and unknown bodies only
    // sealed (they may carry personal data); hooks and pings as JSON.
    let (payload, sealed) = match (status, kind, receipt.json) {
        (DeliveryStatus::Rejected, _, _) | (_, _, None) => (None, None),
        (_, DeliveryKind::OrderDocument | DeliveryKind::Unknown, Some(_)) => {
            (None, Some(payload::seal(ctx.data_keys, id, receipt.body)?))
        }
        (_, _, Some(json)) => (Some(json), None),
    };
    let digest = afiliados_crypto::sha256_hex(receipt.body);
    let mut row = NewDelivery {
        id,
        tenant_id: ctx.tenant_id,
        received_at: ctx.now(),
        kind,
        vtex_order_id: recognized.vtex_order_id.as_deref(),
        vtex_state: recognized.state.as_deref(),
        vtex_last_state: recognized.last_state.as_deref(),
        last_change: recognized.last_change,
        current_change: recognized.current_change,
        origin_account: recognized.origin_account.as_deref(),
        origin_key: recognized.origin_key.as_deref(),
        domain: recognized.domain.as_deref(),
        idempotency_key: key.as_deref(),
        duplicate_of: None,
        verification,
        verification_error,
        status,
        error: match answer {
            Answer::InvalidJson => Some("invalid_json"),
            Answer::Unrecognized => Some("unrecognized_payload"),
            _ => None,
        },
        response_code: answer.status_code(),
        payload,
        payload_ciphertext: sealed.as_deref(),
        payload_sha256: &digest,
        payload_size: i32::try_from(receipt.body.len()).unwrap_or(i32::MAX),
        source_ip: receipt.source_ip,
        headers: receipt.headers,
    };
    let answer = match (answer, key.as_deref()) {
        (Answer::Accepted, Some(key)) => {
            if log::insert_live(tx, &row).await? {
                Answer::Accepted
            } else {
                duplicate(tx, ctx, &mut row, key).await?
            }
        }
        (answer, _) => {
            log::insert(tx, &row).await?;
            answer
        }
    };
    if answer == Answer::Accepted {
        crate::jobs::enqueue(
            tx,
            &IngestVtexOrder {
                delivery_id: id,
                force: false,
            },
        )
        .await?;
    }
    Ok(Received {
        delivery_id: id,
        answer,
    })
}

/// A receipt whose key is live already: stored as a duplicate of the live delivery. The
/// unique index decided it (`insert_live`: a concurrent receipt of one key — VTEX retries
/// quickly — waits for the first transaction), so one statement settles the common case and
/// only a repeat reads the original. Should the original have stopped being live in between,
/// the receipt is stored as received after all.
async fn duplicate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: &mut NewDelivery<'_>,
    key: &str,
) -> Result<Answer, UseCaseError> {
    match log::find_live_by_key(tx, ctx.tenant_id, key).await? {
        Some(original) => {
            row.status = DeliveryStatus::Duplicate;
            row.duplicate_of = Some(original);
            log::insert(tx, row).await?;
            Ok(Answer::Duplicate { original })
        }
        None => {
            log::insert(tx, row).await?;
            Ok(Answer::Accepted)
        }
    }
}
