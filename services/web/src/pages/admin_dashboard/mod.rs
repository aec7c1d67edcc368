//! `/admin`: the admin dashboard of `domain.md` §6.4 (`GET /dashboard/admin`), the landing page of
//! admin_dentsu and auditor (`domain.md` §1). One block per file: the stats cards, the top 8
//! influencers (table and bars, in the api's order: its Spanish-collation tie break is kept as
//! given), performance by brand with the effective commission rate, the latest alerts, the audit
//! trail, the recent reconciliations and the system figures; below them the area's links.
//! Figures are the api's; this page only writes them (money as COP, rates with two decimals).

mod alerts;
mod audit_trail;
mod brands;
mod range;
mod reconciliations;
mod stats;
mod system;
mod top_influencers;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;

use self::alerts::AlertRow;
use self::audit_trail::AuditRow;
use self::brands::BrandPerformance;
use self::range::{RangeForm, RangeQuery};
use self::reconciliations::RunRow;
use self::stats::StatCard;
use self::system::SystemFigure;
use self::top_influencers::TopInfluencers;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::stamp;
use crate::layout::{Layout, render};
use crate::pages::landing::{Area, Link, area_links};

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin_dashboard/dashboard.html")]
pub(crate) struct AdminDashboardPage {
    l: Layout,
    title: String,
    range: RangeForm,
    stats: Vec<StatCard>,
    top: TopInfluencers,
    brands: BrandPerformance,
    alerts: Vec<AlertRow>,
    audit: Vec<AuditRow>,
    reconciliations: Vec<RunRow>,
    system: Vec<SystemFigure>,
    links: Vec<Link>,
    generated_at: String,
}

/// `GET /admin?from=&to=` (admin_dentsu, auditor). A malformed or reversed range is explained
/// next to the form (422) and the dashboard is shown unbounded, so the page stays useful.
pub(crate) async fn show_admin_dashboard(
    ctx: Ctx,
    query: web::Query<RangeQuery>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(Area::Admin.roles())?;
    let range = RangeForm::read(ctx.i18n, query.into_inner());
    let api_query = range.api_query();
    let board = ctx
        .call(async |api, token| api.admin_dashboard(token, &api_query).await)
        .await?;
    let i18n = ctx.i18n;
    // The influencer pages are the gestor area's, which the auditor does not open.
    let link_influencers = user.has_any(&[Role::AdminDentsu]);
    let status = if range.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AdminDashboardPage {
        title: i18n.t("landing.admin.title").to_owned(),
        stats: stats::cards(i18n, &board.stats),
        top: TopInfluencers::new(i18n, &board.top_influencers, &range, link_influencers),
        brands: BrandPerformance::new(i18n, &board.performance_by_brand),
        alerts: board
            .alerts
            .iter()
            .map(|alert| AlertRow::new(i18n, alert))
            .collect(),
        audit: board.audit_trail.iter().map(AuditRow::new).collect(),
        reconciliations: board
            .recent_reconciliations
            .iter()
            .map(|run| RunRow::new(i18n, run))
            .collect(),
        system: system::figures(i18n, &board.system),
        links: area_links(i18n, &user),
        generated_at: stamp(Some(board.generated_at)),
        range,
        l: ctx.layout().await?,
    };
    render(&page, status)
}
