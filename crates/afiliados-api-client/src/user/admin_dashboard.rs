//! `GET /dashboard/admin` (`api.md` §15; `domain.md` §6.4): AD and AU.

use afiliados_api_types::admin_dashboard::{AdminDashboard, AdminDashboardQuery};
use reqwest::Method;

use super::UserApi;
use crate::transport::{Result, Transport};

impl UserApi {
    /// `GET /dashboard/admin`; `from`/`to` bound only `topInfluencers` by confirmation instant.
    pub async fn admin_dashboard(
        &self,
        bearer: &str,
        query: &AdminDashboardQuery,
    ) -> Result<AdminDashboard> {
        Transport::json(
            self.build(Method::GET, "/api/v1/dashboard/admin", bearer)
                .query(query),
        )
        .await
    }
}
