//! `Idempotency-Key` (`api.md` §0.5, ADR 0045, ADR 0047): a retried POST answers what the first
//! attempt answered instead of doing the work twice.
//!
//! The first attempt's answer (status and JSON body) is stored per user and key for 24 h in
//! `idempotency_keys`. The key row is inserted in the request's own transaction *before* the work,
//! so a concurrent duplicate blocks on the unique `(user_id, key)` until the first commits, then
//! replays its answer; if the first rolls back (any refusal or failure), nothing is stored and the
//! duplicate does the work itself. Hence only successful answers are replayed: a refused request
//! can be corrected and retried with the same key.
//!
//! - same key, same route, same body → the stored status and body, with `Idempotent-Replay: true`;
//! - same key with another body or on another route → 422 `idempotency_key_reused`;
//! - a header that is empty, longer than 100 or not visible ASCII → 422 (`Idempotency-Key`,
//!   `invalid_format`);
//! - an expired key (24 h) counts as new; the daily maintenance deletes the expired rows.
//!
//! How a handler uses it (the body is hashed in its canonical form, so spacing, key order and
//! `20000` vs `"20000.00"` do not make two requests different):
//!
//! ```ignore
//! let idempotent = IdempotentRequest::new(&req, &body)?; // validates the header
//! let answer = transaction::run(&state, async |tx| {
//!     let claim = idempotency::claim(tx, &ctx, user.user_id, &idempotent).await?;
//!     if let Some(replay) = claim.replay() {
//!         return Ok(replay);
//!     }
//!     let created = withdrawals::request::request(tx, &ctx, &user, &body).await?;
//!     claim.answer(tx, StatusCode::CREATED, &created).await
//! })
//! .await?;
//! Ok(answer.into_response())
//! ```

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use afiliados_api_types::ErrorCode;
use afiliados_db::AsyncPgConnection;
use afiliados_db::idempotency_keys::{self, NewIdempotencyKey};
use chrono::Duration;
use serde::Serialize;
use uuid::Uuid;

use crate::error::ApiError;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// The response header on a replayed answer.
pub const REPLAY_HEADER: &str = "idempotent-replay";

/// How long a key's answer is replayed.
pub const TTL_HOURS: i64 = 24;

/// What identifies a retry: the caller's key (absent: the request is not idempotent), the
/// matched route and the SHA-256 of the path parameters with the canonical body.
#[derive(Debug, Clone)]
pub struct IdempotentRequest {
    key: Option<String>,
    route: String,
    sha256: String,
}

impl IdempotentRequest {
    /// Reads and validates the header (1–100 visible ASCII characters, else 422) and hashes
    /// `body` as it serialises (the typed request, not the raw bytes).
    pub fn new(req: &HttpRequest, body: &impl Serialize) -> Result<IdempotentRequest, ApiError> {
        let key = match req.headers().get(HEADER) {
            None => None,
            Some(value) => {
                let bytes = value.as_bytes();
                let visible = bytes.iter().all(|byte| (b'!'..=b'~').contains(byte));
                if bytes.is_empty() || bytes.len() > 100 || !visible {
                    return Err(ApiError::field("Idempotency-Key", "invalid_format"));
                }
                Some(String::from_utf8_lossy(bytes).into_owned())
            }
        };
        // The route the router matched, never the raw path (ADR 0047): two spellings of one
        // path are one route.
        let route = format!(
            "{} {}",
            req.method(),
            req.match_pattern().unwrap_or_else(|| req.path().to_owned())
        );
        // The path's parameters are part of the request: the same key and body sent to pay
        // another batch is another request, not a retry of the first.
        let mut params: Vec<(&str, &str)> = req.match_info().iter().collect();
        params.sort_unstable();
        let canonical = serde_json::to_vec(&serde_json::json!({ "path": params, "body": body }))
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("hashing a request: {error}")))?;
        Ok(IdempotentRequest {
            key,
            route,
            sha256: afiliados_crypto::sha256_hex(&canonical),
        })
    }
}

/// A stored answer: its status and its JSON body as text (serialised once, straight from the
/// typed answer: a batch's answer lists thousands of items and is never built as a
/// `serde_json::Value` tree, ADR 0081).
#[derive(Debug, Clone)]
pub struct Answer {
    status: StatusCode,
    body: String,
    replayed: bool,
}

impl Answer {
    /// The HTTP response (`Idempotent-Replay: true` when replayed).
    pub fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if self.replayed {
            response.insert_header((REPLAY_HEADER, "true"));
        }
        response
            .content_type(actix_web::http::header::ContentType::json())
            .body(self.body)
    }
}

/// The outcome of [`claim`].
#[derive(Debug)]
#[must_use = "a fresh claim must store its answer"]
pub enum Claim {
    /// No header: do the work, store nothing.
    Untracked,
    /// The key is this request's: do the work, then [`Claim::answer`].
    Fresh(Uuid),
    /// A previous attempt answered already.
    Replay(Answer),
}

impl Claim {
    /// The stored answer when this is a retry.
    pub fn replay(&self) -> Option<Answer> {
        match self {
            Claim::Replay(answer) => Some(answer.clone()),
            Claim::Untracked | Claim::Fresh(_) => None,
        }
    }

    /// Stores the work's answer under the key (in the same transaction) and returns it.
    pub async fn answer(
        self,
        tx: &mut AsyncPgConnection,
        status: StatusCode,
        value: &impl Serialize,
    ) -> Result<Answer, UseCaseError> {
        let body = serde_json::to_string(value)
            .map_err(|error| UseCaseError::internal(format!("serialising an answer: {error}")))?;
        self.answer_json(tx, status, body).await
    }

    /// [`Claim::answer`] for an answer already serialised to JSON text.
    pub async fn answer_json(
        self,
        tx: &mut AsyncPgConnection,
        status: StatusCode,
        body: String,
    ) -> Result<Answer, UseCaseError> {
        if let Claim::Fresh(id) = self {
            idempotency_keys::answer_json(tx, id, i32::from(status.as_u16()), &body).await?;
        }
        Ok(Answer {
            status,
            body,
            replayed: false,
        })
    }
}

/// Claims the request's key for `user_id`, or finds the answer a previous attempt stored; a key
/// used with another body or route is 422 `idempotency_key_reused`.
pub async fn claim(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user_id: Uuid,
    request: &IdempotentRequest,
) -> Result<Claim, UseCaseError> {
    let Some(key) = request.key.as_deref() else {
        return Ok(Claim::Untracked);
    };
    let now = ctx.now();
    let row = NewIdempotencyKey {
        id: afiliados_db::new_id(),
        tenant_id: ctx.tenant_id,
        user_id,
        key,
        route: &request.route,
        request_sha256: &request.sha256,
        created_at: now,
        expires_at: now + Duration::hours(TTL_HOURS),
    };
    // Two rounds at most: the second follows the deletion of an expired key.
    for _ in 0..2 {
        if idempotency_keys::claim(tx, &row).await? {
            return Ok(Claim::Fresh(row.id));
        }
        let Some(stored) = idempotency_keys::find(tx, user_id, key).await? else {
            // Deleted between the insert and the read (an expired key purged): try again.
            continue;
        };
        if stored.expires_at <= now {
            idempotency_keys::delete(tx, stored.id).await?;
            continue;
        }
        if stored.route != request.route || stored.request_sha256.trim() != request.sha256 {
            return Err(UseCaseError::Unprocessable(ErrorCode::IdempotencyKeyReused));
        }
        let (Some(status), Some(body)) = (stored.response_status, stored.response_body) else {
            return Err(UseCaseError::internal(
                "a committed idempotency key without its answer",
            ));
        };
        let status = u16::try_from(status)
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .ok_or_else(|| UseCaseError::internal("a stored idempotent status out of range"))?;
        return Ok(Claim::Replay(Answer {
            status,
            body: body.to_string(),
            replayed: true,
        }));
    }
    Err(UseCaseError::internal(
        "an idempotency key could not be claimed",
    ))
}
