//! Coupons of the Promotions & Taxes API (vtex.md §5.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Call, Operation, VtexClient};
use crate::error::{Result, VtexError};
use crate::idempotency::IdempotencyKey;

fn zero_interval() -> String {
    "00:00:00".into()
}

/// A VTEX coupon, as sent (create or update) and as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coupon {
    /// VTEX's id, when it returns one (else use the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The code; never changes once created.
    pub coupon_code: String,
    /// `VTEX_COUPON_UTM_SOURCE` for platform coupons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    /// The promotion's `utmCampaign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    /// Archived coupons grant nothing and are invisible to the plain read.
    #[serde(default)]
    pub is_archived: bool,
    /// Per-customer limit (0: unlimited).
    #[serde(default)]
    pub max_items_per_client: i64,
    /// Minimum interval between uses (`00:00:00`: none).
    #[serde(default = "zero_interval")]
    pub expiration_interval_per_use: String,
    /// Total uses (0: unlimited).
    #[serde(default)]
    pub max_usage: i64,
    /// Other fields VTEX returns, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Coupon {
    /// A coupon with the platform's fixed values: unlimited, no interval, not archived.
    pub fn new(code: &str, utm_source: &str, utm_campaign: &str) -> Coupon {
        Coupon {
            id: None,
            coupon_code: code.to_owned(),
            utm_source: Some(utm_source.to_owned()),
            utm_campaign: Some(utm_campaign.to_owned()),
            is_archived: false,
            max_items_per_client: 0,
            expiration_interval_per_use: zero_interval(),
            max_usage: 0,
            extra: Map::new(),
        }
    }
}

fn encode(coupon: &Coupon) -> Result<Vec<u8>> {
    serde_json::to_vec(coupon).map_err(|err| VtexError::Config(format!("coupon body: {err}")))
}

fn absent_as_none<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(VtexError::NotFound) => Ok(None),
        Err(err) => Err(err),
    }
}

impl VtexClient {
    /// `GET /api/rnb/pvt/coupon/{code}`; `None` when absent **or archived**.
    pub async fn get_coupon(&self, code: &str) -> Result<Option<Coupon>> {
        let segments = ["api", "rnb", "pvt", "coupon", code];
        absent_as_none(
            self.execute_json(&Call::get(Operation::CouponGet, &segments))
                .await,
        )
    }

    /// `GET /api/rnb/pvt/archive/coupon/{code}`; `None` unless the coupon exists archived.
    pub async fn get_archived_coupon(&self, code: &str) -> Result<Option<Coupon>> {
        let segments = ["api", "rnb", "pvt", "archive", "coupon", code];
        absent_as_none(
            self.execute_json(&Call::get(Operation::CouponGet, &segments))
                .await,
        )
    }

    /// `POST /api/rnb/pvt/coupon`: creates the coupon, or updates the one with that code. Returns
    /// VTEX's answer when it is a coupon, else the coupon as sent.
    pub async fn upsert_coupon(&self, coupon: &Coupon, key: &IdempotencyKey) -> Result<Coupon> {
        let segments = ["api", "rnb", "pvt", "coupon"];
        let call = Call::post(
            Operation::CouponUpsert,
            &segments,
            Some(encode(coupon)?),
            key.as_str(),
        );
        let body = self.execute(&call).await?;
        Ok(serde_json::from_slice(&body).unwrap_or_else(|_| coupon.clone()))
    }

    /// `POST /api/rnb/pvt/archive/coupon/{code}`.
    pub async fn archive_coupon(&self, code: &str, key: &IdempotencyKey) -> Result<()> {
        let segments = ["api", "rnb", "pvt", "archive", "coupon", code];
        self.execute(&Call::post(
            Operation::CouponArchive,
            &segments,
            None,
            key.as_str(),
        ))
        .await
        .map(drop)
    }

    /// `POST /api/rnb/pvt/unarchive/coupon/{code}`.
    pub async fn unarchive_coupon(&self, code: &str, key: &IdempotencyKey) -> Result<()> {
        let segments = ["api", "rnb", "pvt", "unarchive", "coupon", code];
        self.execute(&Call::post(
            Operation::CouponUnarchive,
            &segments,
            None,
            key.as_str(),
        ))
        .await
        .map(drop)
    }
}
