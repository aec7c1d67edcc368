//! Dashboards (`api.md` §15) and CSV exports (`api.md` §17) of the orders, commissions and
//! ledger. Exports answer the file ([`Download`]: bytes, `text/csv; charset=utf-8`, filename).

use afiliados_api_types::commissions::ListCommissionsQuery;
use afiliados_api_types::dashboards::{
    GestorDashboard, GestorDashboardQuery, InfluencerDashboard, InfluencerDashboardQuery,
};
use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_api_types::ledger::ListLedgerQuery;
use afiliados_api_types::order_views::ListOrdersQuery;
use reqwest::Method;

use super::UserApi;
use crate::transport::{Download, Result, Transport};

impl UserApi {
    /// `GET /dashboard/influencer`: IN its own; AD, GA, AM (scope) name `influencerId`.
    pub async fn influencer_dashboard(
        &self,
        bearer: &str,
        query: &InfluencerDashboardQuery,
    ) -> Result<InfluencerDashboard> {
        Transport::json(
            self.build(Method::GET, "/api/v1/dashboard/influencer", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /dashboard/gestor`: AD, GA every brand (optional `brandId`); AM its brands.
    pub async fn gestor_dashboard(
        &self,
        bearer: &str,
        query: &GestorDashboardQuery,
    ) -> Result<GestorDashboard> {
        Transport::json(
            self.build(Method::GET, "/api/v1/dashboard/gestor", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /exports/orders.csv` with the filters of `GET /orders` (AD, GA, FI; AM scope).
    pub async fn export_orders_csv(
        &self,
        bearer: &str,
        query: &ListOrdersQuery,
        locale: &ExportLocaleQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(Method::GET, "/api/v1/exports/orders.csv", bearer)
                .query(query)
                .query(locale),
        )
        .await
    }

    /// `GET /exports/commissions.csv` with the filters of `GET /commissions` (AD, FI; AM
    /// scope; IN own).
    pub async fn export_commissions_csv(
        &self,
        bearer: &str,
        query: &ListCommissionsQuery,
        locale: &ExportLocaleQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(Method::GET, "/api/v1/exports/commissions.csv", bearer)
                .query(query)
                .query(locale),
        )
        .await
    }

    /// `GET /exports/ledger.csv` with the filters of `GET /ledger` (AD, FI; IN own).
    pub async fn export_ledger_csv(
        &self,
        bearer: &str,
        query: &ListLedgerQuery,
        locale: &ExportLocaleQuery,
    ) -> Result<Download> {
        Transport::download(
            self.build(Method::GET, "/api/v1/exports/ledger.csv", bearer)
                .query(query)
                .query(locale),
        )
        .await
    }
}
