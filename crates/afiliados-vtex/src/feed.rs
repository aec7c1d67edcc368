//! The OMS feed v3 (vtex.md §7): read a lot, commit handles, configure the queue. The events
//! decode straight into [`afiliados_api_types::internal_feed::FeedEvent`], the shape the worker
//! hands to the api. Writes carry an `X-Idempotency-Key` derived from what they send, so a retry
//! of the same commit or configuration is recognisable.

use afiliados_api_types::internal_feed::FeedEvent;
use serde_json::{Value, json};

use crate::client::{Call, Operation, VtexClient};
use crate::error::{Result, VtexError};

/// `maxlot` bounds of a read.
pub const FEED_MAX_LOT: u8 = 10;
/// `queue.visibilityTimeoutInSeconds` the worker configures.
pub const FEED_VISIBILITY_TIMEOUT_SECONDS: u64 = 250;
/// `queue.MessageRetentionPeriodInSeconds` the worker configures (4 days).
pub const FEED_RETENTION_SECONDS: u64 = 345_600;

/// The body of `POST /api/orders/feed/config` for these states (vtex.md §7).
pub fn feed_configuration(statuses: &[String]) -> Value {
    json!({
        "filter": {"type": "FromWorkflow", "status": statuses},
        "queue": {
            "visibilityTimeoutInSeconds": FEED_VISIBILITY_TIMEOUT_SECONDS,
            "MessageRetentionPeriodInSeconds": FEED_RETENTION_SECONDS,
        },
    })
}

/// A stable key for a write body: FNV-1a over its bytes (not a secret, only a label).
fn body_key(kind: &str, body: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("afiliados:feed:{kind}:{hash:016x}")
}

fn encode(value: &Value) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|err| VtexError::Config(format!("feed body: {err}")))
}

impl VtexClient {
    /// `GET /api/orders/feed?maxlot=` (1–10): up to `maxlot` events, hidden at VTEX for the
    /// visibility timeout until committed.
    pub async fn read_feed(&self, maxlot: u8) -> Result<Vec<FeedEvent>> {
        if !(1..=FEED_MAX_LOT).contains(&maxlot) {
            return Err(VtexError::Config(format!(
                "maxlot must be 1–{FEED_MAX_LOT}, not {maxlot}"
            )));
        }
        let segments = ["api", "orders", "feed"];
        let pairs = [("maxlot", maxlot.to_string())];
        let call = Call {
            query: &pairs,
            ..Call::get(Operation::FeedRead, &segments)
        };
        self.execute_json(&call).await
    }

    /// `POST /api/orders/feed {handles}`: removes the events read with these handles. An empty
    /// list sends nothing.
    pub async fn commit_feed(&self, handles: &[String]) -> Result<()> {
        if handles.is_empty() {
            return Ok(());
        }
        let body = encode(&json!({ "handles": handles }))?;
        let key = body_key("commit", &body);
        let segments = ["api", "orders", "feed"];
        self.execute(&Call::post(
            Operation::FeedCommit,
            &segments,
            Some(body),
            &key,
        ))
        .await
        .map(drop)
    }

    /// `POST /api/orders/feed/config`: the feed keeps these workflow states, with the worker's
    /// visibility timeout and retention. Returns the configuration sent.
    pub async fn configure_feed(&self, statuses: &[String]) -> Result<Value> {
        if statuses.iter().all(|s| s.trim().is_empty()) {
            return Err(VtexError::Config(
                "the feed needs at least one state".into(),
            ));
        }
        let configuration = feed_configuration(statuses);
        let body = encode(&configuration)?;
        let key = body_key("config", &body);
        let segments = ["api", "orders", "feed", "config"];
        self.execute(&Call::post(
            Operation::FeedConfig,
            &segments,
            Some(body),
            &key,
        ))
        .await?;
        Ok(configuration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_of_vtex_md() {
        let body = feed_configuration(&["invoiced".to_owned()]);
        assert_eq!(
            body,
            json!({"filter": {"type": "FromWorkflow", "status": ["invoiced"]},
                   "queue": {"visibilityTimeoutInSeconds": 250, "MessageRetentionPeriodInSeconds": 345600}})
        );
        assert_eq!(body_key("commit", b"a"), body_key("commit", b"a"));
        assert_ne!(body_key("commit", b"a"), body_key("commit", b"b"));
    }
}
