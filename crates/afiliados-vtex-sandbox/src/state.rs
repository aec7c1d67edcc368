//! The in-memory state shared by every worker thread, and the reply type of the VTEX handlers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};

use actix_web::web::Bytes;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use serde_json::{Map, Value, json};

use crate::config::{SandboxConfig, Seed};
use crate::coupons::Coupon;
use crate::faults::FaultBook;
use crate::feed::{FeedQueue, StateChange};
use crate::fixtures;
use crate::journal::RequestRecord;

/// An OMS order document: the exact bytes it was given as, and its parsed form.
#[derive(Debug, Clone)]
pub(crate) struct StoredOrder {
    pub(crate) raw: Bytes,
    pub(crate) doc: Value,
}

/// Everything the sandbox remembers.
#[derive(Debug)]
pub(crate) struct SandboxState {
    pub(crate) orders: BTreeMap<String, StoredOrder>,
    /// The orders by creation instant (`None`: no parseable `creationDate`), then id: the list
    /// endpoint reads a range of it, as VTEX's indexed listing does, instead of parsing every
    /// stored document per page (a day of 100 000 orders is 1 000 pages).
    pub(crate) by_creation: BTreeSet<(Option<DateTime<Utc>>, String)>,
    /// Keyed by the upper-cased code (VTEX codes are case-insensitive).
    pub(crate) coupons: BTreeMap<String, Coupon>,
    pub(crate) promotions: BTreeMap<String, Map<String, Value>>,
    pub(crate) faults: FaultBook,
    pub(crate) requests: Vec<RequestRecord>,
    pub(crate) next_request_id: u64,
    /// Labels of credentials that answer 401.
    pub(crate) expired: BTreeSet<String>,
    pub(crate) rng: StdRng,
    /// The account's feed v3 queue (`feed`).
    pub(crate) feed: FeedQueue,
    /// `origin: {account, key}` of feed events (the account and first app key, as hooks carry).
    origin: (String, String),
}

impl SandboxState {
    pub(crate) fn seeded(config: &SandboxConfig, seed: Seed) -> anyhow::Result<SandboxState> {
        let mut state = SandboxState {
            orders: BTreeMap::new(),
            by_creation: BTreeSet::new(),
            coupons: BTreeMap::new(),
            promotions: BTreeMap::new(),
            faults: FaultBook::default(),
            requests: Vec::new(),
            next_request_id: 0,
            expired: BTreeSet::new(),
            rng: StdRng::seed_from_u64(config.random_seed),
            feed: FeedQueue::default(),
            origin: (
                config.account.clone(),
                config
                    .credentials
                    .first()
                    .map(|c| c.app_key.clone())
                    .unwrap_or_default(),
            ),
        };
        if matches!(seed, Seed::Fixtures | Seed::Demo) {
            let dir = config.resolve_fixtures_dir().context(
                "no fixtures directory found; set VTEX_SANDBOX_FIXTURES_DIR or use seed empty",
            )?;
            for (raw, doc) in fixtures::load_orders(&dir)? {
                state.put_order(raw, doc)?;
            }
        }
        // The seed is where the account starts, not a change: its feed starts empty.
        state.feed = FeedQueue::default();
        Ok(state)
    }

    /// Stores an order document given as bytes; it must be an object with a string `orderId`.
    /// A new order, or a stored one whose `status` changed, is a state change: it is appended to
    /// the feed (vtex.md §9.2) with the document's `lastChange` verbatim, so the feed event and a
    /// hook about the same version share their idempotency key.
    pub(crate) fn put_order(&mut self, raw: Bytes, doc: Value) -> anyhow::Result<String> {
        let order_id = doc
            .get("orderId")
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty())
            .context("an order document needs a string orderId")?
            .to_owned();
        let text = |doc: &Value, field: &str| {
            doc.get(field)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let previous = self.orders.get(&order_id).map(|o| text(&o.doc, "status"));
        let state = text(&doc, "status");
        if previous.as_deref() != Some(state.as_str()) {
            let event_id = self.random_uuid().simple().to_string().to_uppercase();
            let last_change = text(&doc, "lastChange");
            let (account, key) = self.origin.clone();
            self.feed.append(StateChange {
                event_id,
                order_id: &order_id,
                state: &state,
                last_state: previous.as_deref().unwrap_or_default(),
                last_change: &last_change,
                current_change: crate::lifecycle::vtex_instant(chrono::Utc::now()),
                origin_account: &account,
                origin_key: &key,
            });
        }
        if let Some(replaced) = self.orders.get(&order_id) {
            self.by_creation
                .remove(&(creation_instant(&replaced.doc), order_id.clone()));
        }
        self.by_creation
            .insert((creation_instant(&doc), order_id.clone()));
        self.orders
            .insert(order_id.clone(), StoredOrder { raw, doc });
        Ok(order_id)
    }

    /// A UUID drawn from the seeded generator, so runs are reproducible.
    pub(crate) fn random_uuid(&mut self) -> uuid::Uuid {
        random_uuid(&mut self.rng)
    }

    pub(crate) fn snapshot(&self, config: &SandboxConfig) -> Value {
        let credentials: Vec<Value> = config
            .credentials
            .iter()
            .map(|c| {
                json!({"label": c.label, "appKey": c.app_key, "expired": self.expired.contains(&c.label)})
            })
            .collect();
        json!({
            "account": config.account,
            "orders": self.orders.values().map(|o| o.doc.clone()).collect::<Vec<_>>(),
            "coupons": self.coupons.values().collect::<Vec<_>>(),
            "promotions": self.promotions.values().collect::<Vec<_>>(),
            "credentials": credentials,
            "requestCount": self.requests.len(),
            "feed": self.feed.snapshot(),
        })
    }
}

fn random_uuid(rng: &mut StdRng) -> uuid::Uuid {
    let bytes: [u8; 16] = rand::Rng::random(rng);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A fresh feed handle (opaque, like VTEX's), from the seeded generator.
pub(crate) fn feed_handle(rng: &mut StdRng) -> String {
    format!("AQEB{}", random_uuid(rng).simple())
}

/// State plus configuration, shared by every worker.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: SandboxConfig,
    state: Mutex<SandboxState>,
    /// Posts hooks and pushes.
    pub(crate) http: reqwest::Client,
}

impl Shared {
    pub(crate) fn new(config: SandboxConfig) -> anyhow::Result<Shared> {
        let state = SandboxState::seeded(&config, config.seed)?;
        Ok(Shared {
            config,
            state: Mutex::new(state),
            http: reqwest::Client::new(),
        })
    }

    /// The state; a panic in another holder does not make it unusable (it is a test double).
    pub(crate) fn lock(&self) -> MutexGuard<'_, SandboxState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a VTEX handler answers.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: ReplyBody,
    pub(crate) headers: Vec<(&'static str, String)>,
}

#[derive(Debug)]
pub(crate) enum ReplyBody {
    Json(Value),
    Raw(Bytes),
}

impl Reply {
    pub(crate) fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: ReplyBody::Json(body),
            headers: Vec::new(),
        }
    }

    pub(crate) fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    pub(crate) fn raw(body: Bytes) -> Reply {
        Reply {
            status: 200,
            body: ReplyBody::Raw(body),
            headers: Vec::new(),
        }
    }

    /// VTEX's error envelope.
    pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
        Reply::json(
            status,
            json!({"error": {"code": code, "message": message.into(), "exception": null}}),
        )
    }

    /// 204 without a body.
    pub(crate) fn no_content() -> Reply {
        Reply {
            status: 204,
            body: ReplyBody::Raw(Bytes::new()),
            headers: Vec::new(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Reply {
        Reply::error(400, "bad_request", message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Reply {
        Reply::error(404, "not_found", message)
    }
}

/// An order's `creationDate` as an instant, when it parses.
pub(crate) fn creation_instant(doc: &Value) -> Option<DateTime<Utc>> {
    doc.get("creationDate")
        .and_then(Value::as_str)
        .and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
        .map(|instant| instant.with_timezone(&Utc))
}
