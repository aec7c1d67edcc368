//! `/gestor`: the summary of `GET /dashboard/gestor` (`gestor_summary`) and the approval queue, oldest registration first, with approve and reject (with a
//! reason) on every row. Admin marca sees the pending influencers of its brands.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::dashboards::GestorDashboardQuery;
use afiliados_api_types::influencers::{InfluencerSummary, ListInfluencersQuery};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::GESTOR;
use super::gestor_summary::GestorSummary;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::stamp;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::Pager;

/// One influencer in a staff list.
pub(crate) struct InfluencerRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) city: String,
    pub(crate) document: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) memberships: i64,
    pub(crate) pending_consents: i64,
    pub(crate) created: String,
}

impl InfluencerRow {
    pub(crate) fn new(i18n: I18n, row: InfluencerSummary) -> InfluencerRow {
        InfluencerRow {
            id: row.id.to_string(),
            name: format!("{} {}", row.first_name, row.last_name),
            email: row.email,
            city: row.city.unwrap_or_default(),
            document: format!(
                "{} {}",
                i18n.label("document_type", row.document_type),
                row.document_number_masked
            ),
            status_label: i18n.label("influencer_status", row.status),
            status: row.status.to_string(),
            memberships: row.memberships,
            pending_consents: row.pending_consents,
            created: stamp(Some(row.created_at)),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/queue.html")]
pub(crate) struct QueuePage {
    l: Layout,
    rows: Vec<InfluencerRow>,
    pager: Pager,
    back: String,
    summary: GestorSummary,
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    page: Option<u32>,
}

/// `GET /gestor`.
pub(crate) async fn show_queue(
    ctx: Ctx,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(GESTOR)?;
    let page_number = query.page.unwrap_or(1).max(1);
    let list = ListInfluencersQuery {
        page: Some(page_number),
        page_size: Some(20),
        status: Some("pending".to_owned()),
        sort: Some("createdAt".to_owned()),
        ..ListInfluencersQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_influencers(token, &list).await)
        .await?;
    let board = ctx
        .call(async |api, token| {
            api.gestor_dashboard(token, &GestorDashboardQuery::default())
                .await
        })
        .await?;
    // The gestor reads no commissions (`api.md` §10); AD and AM open the held ones.
    let commission_link = user.has_any(&[Role::AdminDentsu, Role::AdminMarca]);
    let page = QueuePage {
        summary: GestorSummary::new(ctx.i18n, &board, commission_link),
        pager: Pager::new("/gestor", "", result.page, result.page_size, result.total),
        rows: result
            .items
            .into_iter()
            .map(|row| InfluencerRow::new(ctx.i18n, row))
            .collect(),
        back: if page_number > 1 {
            format!("/gestor?page={page_number}")
        } else {
            "/gestor".to_owned()
        },
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
