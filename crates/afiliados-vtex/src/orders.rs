//! Reading one order (vtex.md §4.1) and one page of the order list (vtex.md §6).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Call, Operation, VtexClient};
use crate::error::Result;

/// Sort order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// `orderBy=creationDate,asc` (what reconciliation uses).
    #[default]
    Ascending,
    /// `orderBy=creationDate,desc`.
    Descending,
}

/// One page request: `creationDate` in `[from, to]` (inclusive), `page` from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderListQuery {
    /// Lower bound (inclusive).
    pub from: DateTime<Utc>,
    /// Upper bound (inclusive).
    pub to: DateTime<Utc>,
    /// Page number, from 1.
    pub page: u32,
    /// Page size (1–100; `VTEX_RECONCILIATION_PAGE_SIZE`).
    pub per_page: u32,
    /// Sort order.
    pub order: SortOrder,
}

impl OrderListQuery {
    /// `creationDate:[<from> TO <to>]` with millisecond UTC instants.
    pub fn creation_date_filter(&self) -> String {
        let format = "%Y-%m-%dT%H:%M:%S%.3fZ";
        format!(
            "creationDate:[{} TO {}]",
            self.from.format(format),
            self.to.format(format)
        )
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let order_by = match self.order {
            SortOrder::Ascending => "creationDate,asc",
            SortOrder::Descending => "creationDate,desc",
        };
        vec![
            ("f_creationDate", self.creation_date_filter()),
            ("page", self.page.to_string()),
            ("per_page", self.per_page.to_string()),
            ("orderBy", order_by.to_owned()),
        ]
    }
}

/// One entry of the list (the fields reconciliation uses, plus the rest as they are).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    /// VTEX order id.
    pub order_id: String,
    /// Raw workflow state.
    pub status: String,
    /// Order value in cents.
    pub total_value: Decimal,
    /// Currency, when given.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// Creation instant.
    pub creation_date: DateTime<Utc>,
    /// Last change instant.
    #[serde(default)]
    pub last_change: Option<DateTime<Utc>>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `paging` of the list answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// Orders matching the query.
    pub total: u64,
    /// Pages at this page size.
    pub pages: u32,
    /// The page answered.
    pub current_page: u32,
    /// The page size.
    pub per_page: u32,
}

/// One page of `GET /api/oms/pvt/orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderListPage {
    /// The entries.
    pub list: Vec<OrderSummary>,
    /// Paging information.
    pub paging: Paging,
}

impl VtexClient {
    /// `GET /api/oms/pvt/orders/{orderId}`: the OMS document as VTEX sent it (see
    /// [`crate::OmsOrder::from_value`] for the typed view). 404 is [`crate::VtexError::NotFound`].
    pub async fn get_order(&self, order_id: &str) -> Result<Value> {
        let segments = ["api", "oms", "pvt", "orders", order_id];
        self.execute_json(&Call::get(Operation::GetOrder, &segments))
            .await
    }

    /// One page of `GET /api/oms/pvt/orders` (the caller loops pages and splits ranges beyond
    /// VTEX's 30-page cap).
    pub async fn list_orders_page(&self, query: &OrderListQuery) -> Result<OrderListPage> {
        let segments = ["api", "oms", "pvt", "orders"];
        let pairs = query.pairs();
        let call = Call {
            query: &pairs,
            ..Call::get(Operation::ListOrders, &segments)
        };
        self.execute_json(&call).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_of_vtex_md() {
        let query = OrderListQuery {
            from: "2026-03-02T05:00:00Z".parse().unwrap(),
            to: "2026-03-03T04:59:59.999Z".parse().unwrap(),
            page: 1,
            per_page: 100,
            order: SortOrder::Ascending,
        };
        assert_eq!(
            query.creation_date_filter(),
            "creationDate:[2026-03-02T05:00:00.000Z TO 2026-03-03T04:59:59.999Z]"
        );
    }

    #[test]
    fn the_fixture_page_decodes() {
        let dir = afiliados_vtex_sandbox::SandboxConfig::default()
            .resolve_fixtures_dir()
            .unwrap();
        let raw = std::fs::read(dir.join("oms-order-list-page-1.json")).unwrap();
        let page: OrderListPage = serde_json::from_slice(&raw).unwrap();
        assert_eq!(page.paging.pages, 2);
        assert_eq!(page.list[1].order_id, "1432120512345-01");
        assert_eq!(page.list[1].total_value, Decimal::from(39_997_570));
        assert_eq!(page.list[1].currency_code.as_deref(), Some("COP"));
    }
}
