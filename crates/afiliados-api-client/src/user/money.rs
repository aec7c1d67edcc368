//! Orders with their explanation, commissions with the staff acts, settlement runs and the
//! ledger (`api.md` §9, §10). The api scopes every read by role (AM: its brands; IN: its own).

use afiliados_api_types::Page;
use afiliados_api_types::commissions::{
    CommissionResponse, CommissionSummary, CommissionSummaryQuery, HoldCommissionRequest,
    ListCommissionsQuery, ReleaseCommissionRequest, RevertCommissionRequest,
};
use afiliados_api_types::ledger::{LedgerEntryResponse, ListLedgerQuery};
use afiliados_api_types::order_explain::OrderExplanation;
use afiliados_api_types::order_views::{ListOrdersQuery, OrderResponse};
use afiliados_api_types::settlements::{
    ListSettlementsQuery, ReportCsvQuery, RunSettlementRequest, SettlementRunResponse,
};
use reqwest::Method;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport};

impl UserApi {
    /// `GET /orders` (without lines).
    pub async fn list_orders(
        &self,
        bearer: &str,
        query: &ListOrdersQuery,
    ) -> Result<Page<OrderResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/orders", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /orders/{id}` with lines and status history.
    pub async fn get_order(&self, bearer: &str, id: Uuid) -> Result<OrderResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/orders/{id}"), bearer)).await
    }

    /// `GET /orders/{id}/explain`: every check, the rule, the lines' formulas, the shipping
    /// allocation, the commission with its transitions and (staff) the deliveries.
    pub async fn explain_order(&self, bearer: &str, id: Uuid) -> Result<OrderExplanation> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/orders/{id}/explain"), bearer))
            .await
    }

    /// `GET /commissions`.
    pub async fn list_commissions(
        &self,
        bearer: &str,
        query: &ListCommissionsQuery,
    ) -> Result<Page<CommissionResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/commissions", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /commissions/summary`.
    pub async fn commission_summary(
        &self,
        bearer: &str,
        query: &CommissionSummaryQuery,
    ) -> Result<CommissionSummary> {
        Transport::json(
            self.build(Method::GET, "/api/v1/commissions/summary", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /commissions/{id}` with lines, transitions and rule snapshot.
    pub async fn get_commission(&self, bearer: &str, id: Uuid) -> Result<CommissionResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/commissions/{id}"), bearer)).await
    }

    /// `POST /commissions/{id}/hold` (FI, AD).
    pub async fn hold_commission(
        &self,
        bearer: &str,
        id: Uuid,
        body: &HoldCommissionRequest,
    ) -> Result<CommissionResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/commissions/{id}/hold"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /commissions/{id}/release` (FI, AD).
    pub async fn release_commission(
        &self,
        bearer: &str,
        id: Uuid,
        body: &ReleaseCommissionRequest,
    ) -> Result<CommissionResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/commissions/{id}/release"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /commissions/{id}/revert` (FI, AD).
    pub async fn revert_commission(
        &self,
        bearer: &str,
        id: Uuid,
        body: &RevertCommissionRequest,
    ) -> Result<CommissionResponse> {
        Transport::json(self.with(
            Method::POST,
            &format!("/api/v1/commissions/{id}/revert"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /commissions/settlements/run` (FI, AD); a dry run stores the report only.
    pub async fn run_settlement(
        &self,
        bearer: &str,
        body: &RunSettlementRequest,
    ) -> Result<SettlementRunResponse> {
        Transport::json(self.with(
            Method::POST,
            "/api/v1/commissions/settlements/run",
            bearer,
            body,
        ))
        .await
    }

    /// `GET /commissions/settlements` (without the item lists).
    pub async fn list_settlements(
        &self,
        bearer: &str,
        query: &ListSettlementsQuery,
    ) -> Result<Page<SettlementRunResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/commissions/settlements", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /commissions/settlements/{id}` with its lists.
    pub async fn get_settlement(&self, bearer: &str, id: Uuid) -> Result<SettlementRunResponse> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/commissions/settlements/{id}"),
            bearer,
        ))
        .await
    }

    /// `GET /commissions/settlements/{id}/report.csv` with headers in `query.locale`.
    pub async fn download_settlement_report(
        &self,
        bearer: &str,
        id: Uuid,
        query: &ReportCsvQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(
                Method::GET,
                &format!("/api/v1/commissions/settlements/{id}/report.csv"),
                bearer,
            )
            .query(query),
        )
        .await
    }

    /// `GET /ledger`.
    pub async fn list_ledger(
        &self,
        bearer: &str,
        query: &ListLedgerQuery,
    ) -> Result<Page<LedgerEntryResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/ledger", bearer)
                .query(query),
        )
        .await
    }
}
