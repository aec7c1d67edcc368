//! The vocabulary of `webhook_delivery_log` (`domain.md` §3.9, §4): what reached the VTEX
//! webhook, how it was verified, and where its processing stands.

use crate::text_enum::text_enum;

text_enum! {
    /// `webhook_delivery_log.kind`: what reached `POST /api/v1/vtex/webhooks/orders`.
    pub enum DeliveryKind {
        /// A VTEX hook notification (names an order; the worker fetches it).
        Hook = "hook",
        /// A full OMS order document (no fetch).
        OrderDocument = "order_document",
        /// A Feed v3 event.
        FeedEvent = "feed_event",
        /// `{"hookConfig":"ping"}`.
        Ping = "ping",
        /// Authenticated JSON of no known shape.
        Unknown = "unknown",
    }
}

text_enum! {
    /// `webhook_delivery_log.verification`: how the request was authenticated.
    pub enum DeliveryVerification {
        /// `x-vtex-hmac-sha256` matched.
        Hmac = "hmac",
        /// The hook header (and, for hooks, the origin) matched.
        HookHeader = "hook_header",
        /// Development without a configured secret.
        DevSkipped = "dev_skipped",
        /// A ping, which carries no data.
        NotRequired = "not_required",
        /// Authentication failed.
        Failed = "failed",
    }
}

text_enum! {
    /// `webhook_delivery_log.status` (`domain.md` §4, webhook delivery).
    pub enum DeliveryStatus {
        /// Verified, new idempotency key, job enqueued.
        Received = "received",
        /// Claimed by the worker.
        Processing = "processing",
        /// Ingested.
        Processed = "processed",
        /// Failed (retried, or final at the cap or when permanent).
        Failed = "failed",
        /// Same key as a live delivery; nothing enqueued.
        Duplicate = "duplicate",
        /// Authentication failed (401).
        Rejected = "rejected",
        /// Ping, or authenticated but unrecognised.
        Ignored = "ignored",
    }
}
