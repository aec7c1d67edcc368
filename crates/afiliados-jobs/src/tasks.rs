//! What each queue holds: one enum per queue with one variant per payload, written with the
//! payload's name in a `job` field (`{"job": "SyncCoupon", "codeId": "…"}`) and read back by that
//! tag. Every queue works this way, so a queue can take a new payload whatever its shape, and one
//! apalis worker per queue decodes everything on it (two typed workers on one queue would each
//! fetch the other's tasks and fail to decode them).
//!
//! Tasks pushed before the tag existed (`afiliados:emails` and `afiliados:coupons` held bare
//! payloads) still decode: a task without a `job` field goes to its queue's legacy reader, which
//! knows the shapes that queue held. `afiliados:scheduled` was tagged from the start.

use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned, de::Error as _};
use serde_json::Value;

use crate::{
    EscalateDiscrepancies, EvaluateAlerts, EvaluateDueTiers, FetchVtexOrder, IngestVtexOrder, Job,
    PollVtexFeed, PurgeData, ReconcileVtexRange, RunBackup, RunDailyMaintenance, RunSettlement,
    SendEmail, StartReconciliation, SyncCoupon, SyncPromotion, queues,
};

/// The field that names the payload.
pub const TAG: &str = "job";

/// What a queue's task type declares: the queue and its one attempt cap.
pub trait QueueTask: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    /// The queue constant from [`queues`] (without namespace).
    const QUEUE: &'static str;
    /// The attempt cap from [`queues`]: the worker's retry policy and the api read this one.
    const MAX_ATTEMPTS: usize;
    /// The payload's [`Job::NAME`] (its tag).
    fn job_name(&self) -> &'static str;
}

/// Declares a queue's task enum: tagged serialisation, tag-or-legacy deserialisation, the
/// [`QueueTask`] impl and `From` each payload. Variant names are the payloads' type names, which
/// are their [`Job::NAME`]s (a test checks it).
macro_rules! queue_task {
    (
        $(#[$doc:meta])*
        $name:ident on $queue:path, cap $cap:path, legacy $legacy:path {
            $( $(#[$vdoc:meta])* $variant:ident, )+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(tag = "job")]
        pub enum $name {
            $( $(#[$vdoc])* $variant($variant), )+
        }

        impl QueueTask for $name {
            const QUEUE: &'static str = $queue;
            const MAX_ATTEMPTS: usize = $cap;

            fn job_name(&self) -> &'static str {
                match self {
                    $( $name::$variant(_) => <$variant as Job>::NAME, )+
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                #[derive(Deserialize)]
                #[serde(tag = "job")]
                enum Tagged {
                    $( $variant($variant), )+
                }
                let value = Value::deserialize(deserializer)?;
                if value.get(TAG).is_none() {
                    return $legacy(value).map_err(D::Error::custom);
                }
                Ok(match Tagged::deserialize(value).map_err(D::Error::custom)? {
                    $( Tagged::$variant(job) => $name::$variant(job), )+
                })
            }
        }

        $(
            impl From<$variant> for $name {
                fn from(job: $variant) -> $name {
                    $name::$variant(job)
                }
            }
        )+
    };
}

queue_task! {
    /// `afiliados:emails`.
    EmailsTask on queues::EMAILS, cap queues::EMAILS_MAX_ATTEMPTS, legacy legacy_emails {
        /// Deliver one outbox e-mail.
        SendEmail,
    }
}

queue_task! {
    /// `afiliados:coupons`: coupon and promotion syncs.
    CouponsTask on queues::COUPONS, cap queues::COUPONS_MAX_ATTEMPTS, legacy legacy_coupons {
        /// One code's coupon.
        SyncCoupon,
        /// One campaign percent's promotion.
        SyncPromotion,
    }
}

queue_task! {
    /// `afiliados:scheduled`: what the cron ticks enqueue.
    ScheduledTask on queues::SCHEDULED, cap queues::SCHEDULED_MAX_ATTEMPTS, legacy legacy_scheduled {
        /// The daily maintenance.
        RunDailyMaintenance,
        /// Settlement.
        RunSettlement,
        /// Tier evaluation of the campaigns due.
        EvaluateDueTiers,
        /// A scheduled reconciliation run (daily or fortnightly).
        StartReconciliation,
        /// Escalation of old open discrepancies.
        EscalateDiscrepancies,
        /// The operational checks (queue state → alerts).
        EvaluateAlerts,
        /// Data retention (order documents, deleted documents' objects).
        PurgeData,
        /// The VTEX feed v3 poll (the backstop for lost hooks).
        PollVtexFeed,
    }
}

queue_task! {
    /// `afiliados:vtex_orders`: order ingestion from deliveries and fetches.
    VtexOrdersTask on queues::VTEX_ORDERS, cap queues::VTEX_ORDERS_MAX_ATTEMPTS, legacy legacy_vtex_orders {
        /// One webhook delivery.
        IngestVtexOrder,
        /// One order fetched by id.
        FetchVtexOrder,
    }
}

queue_task! {
    /// `afiliados:reconciliation`: reconciliation runs.
    ReconciliationTask on queues::RECONCILIATION, cap queues::RECONCILIATION_MAX_ATTEMPTS, legacy legacy_reconciliation {
        /// One run's range.
        ReconcileVtexRange,
    }
}

queue_task! {
    /// `afiliados:backups`: database backups.
    BackupsTask on queues::BACKUPS, cap queues::BACKUPS_MAX_ATTEMPTS, legacy legacy_backups {
        /// One backup run.
        RunBackup,
    }
}

/// The backups queue was tagged from the start.
fn legacy_backups(_value: Value) -> Result<BackupsTask, serde_json::Error> {
    Err(serde_json::Error::custom(
        "a task of afiliados:backups needs its `job` tag",
    ))
}

/// The reconciliation queue was tagged from the start.
fn legacy_reconciliation(_value: Value) -> Result<ReconciliationTask, serde_json::Error> {
    Err(serde_json::Error::custom(
        "a task of afiliados:reconciliation needs its `job` tag",
    ))
}

/// The vtex_orders queue was tagged from the start: an untagged task there is not ours.
fn legacy_vtex_orders(_value: Value) -> Result<VtexOrdersTask, serde_json::Error> {
    Err(serde_json::Error::custom(
        "a task of afiliados:vtex_orders needs its `job` tag",
    ))
}

/// Before the tag, the e-mail queue held bare `{"emailId"}`.
fn legacy_emails(value: Value) -> Result<EmailsTask, serde_json::Error> {
    SendEmail::deserialize(value).map(EmailsTask::SendEmail)
}

/// Before the tag, the coupons queue held bare payloads told apart by their fields.
fn legacy_coupons(value: Value) -> Result<CouponsTask, serde_json::Error> {
    if value.get("campaignId").is_some() {
        SyncPromotion::deserialize(value).map(CouponsTask::SyncPromotion)
    } else {
        SyncCoupon::deserialize(value).map(CouponsTask::SyncCoupon)
    }
}

/// The scheduled queue was always tagged: an untagged task there is not ours.
fn legacy_scheduled(_value: Value) -> Result<ScheduledTask, serde_json::Error> {
    Err(serde_json::Error::custom(
        "a task of afiliados:scheduled needs its `job` tag",
    ))
}

#[cfg(test)]
mod tests;
