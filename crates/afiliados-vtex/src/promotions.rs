//! Promotions (`calculatorconfiguration`) of the Promotions & Taxes API (vtex.md §5.2).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::client::{Call, Operation, VtexClient};
use crate::error::{Result, VtexError};
use crate::idempotency::IdempotencyKey;

/// `{"id": …}` entries of `brands`, `categories` and `skus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdRef {
    /// The VTEX id (VTEX sends strings or numbers; kept as a string).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// Other fields (`name`, …), kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl IdRef {
    /// An entry with only an id.
    pub fn new(id: impl Into<String>) -> IdRef {
        IdRef {
            id: id.into(),
            extra: Map::new(),
        }
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number id, got {other}"
        ))),
    }
}

fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn regular() -> String {
    "regular".into()
}

/// A VTEX promotion with the fields the platform sets (vtex.md §5.2 table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Promotion {
    /// Absent on create; VTEX's id afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_calculator_configuration: Option<String>,
    /// `Afiliados <campaign name> <percent>%` (≤ 100 characters).
    pub name: String,
    /// `marketing-afiliados campaign <campaign id>`.
    #[serde(default, deserialize_with = "nullable")]
    pub description: String,
    /// Start (UTC).
    pub begin_date_utc: DateTime<Utc>,
    /// End (UTC), when bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_utc: Option<DateTime<Utc>>,
    /// Active flag.
    #[serde(default)]
    pub is_active: bool,
    /// `regular`.
    #[serde(rename = "type", default = "regular")]
    pub kind: String,
    /// `percentual`.
    #[serde(default, deserialize_with = "nullable")]
    pub discount_type: String,
    /// The discount percent.
    #[serde(default, with = "rust_decimal::serde::arbitrary_precision")]
    pub percentual_discount_value: Decimal,
    /// Matches the coupons' `utmCampaign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    /// Never set by the platform (so nothing else triggers the promotion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    /// Accumulates with other promotions.
    #[serde(default)]
    pub cumulative: bool,
    /// Total uses (0: unlimited).
    #[serde(default, deserialize_with = "nullable")]
    pub max_usage: i64,
    /// Sales channels (`VTEX_SALES_CHANNELS`).
    #[serde(default, deserialize_with = "nullable")]
    pub ids_sales_channel: Vec<String>,
    /// Brand scope.
    #[serde(default, deserialize_with = "nullable")]
    pub brands: Vec<IdRef>,
    /// Category scope.
    #[serde(default, deserialize_with = "nullable")]
    pub categories: Vec<IdRef>,
    /// SKU scope (≤ 100).
    #[serde(default, deserialize_with = "nullable")]
    pub skus: Vec<IdRef>,
    /// Other fields VTEX returns, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl VtexClient {
    /// `GET /api/rnb/pvt/calculatorconfiguration/{id}`; `None` when unknown.
    pub async fn get_promotion(&self, id: &str) -> Result<Option<Promotion>> {
        let segments = ["api", "rnb", "pvt", "calculatorconfiguration", id];
        match self
            .execute_json(&Call::get(Operation::PromotionGet, &segments))
            .await
        {
            Ok(promotion) => Ok(Some(promotion)),
            Err(VtexError::NotFound) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// `POST /api/rnb/pvt/calculatorconfiguration`: creates (no id) or updates (with
    /// `idCalculatorConfiguration`). Returns VTEX's answer, which carries the id.
    pub async fn upsert_promotion(
        &self,
        promotion: &Promotion,
        key: &IdempotencyKey,
    ) -> Result<Promotion> {
        let segments = ["api", "rnb", "pvt", "calculatorconfiguration"];
        let body = serde_json::to_vec(promotion)
            .map_err(|err| VtexError::Config(format!("promotion body: {err}")))?;
        self.execute_json(&Call::post(
            Operation::PromotionUpsert,
            &segments,
            Some(body),
            key.as_str(),
        ))
        .await
    }
}
