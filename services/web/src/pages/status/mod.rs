//! `/estado`: the status page (ADR 0059, `GET /status`) for admin_dentsu, auditor and finance.
//! Each indicator shows its value and a green/amber/red badge (an icon and the word, never colour
//! alone) whose title gives the threshold of `docs/status-thresholds.md` (`thresholds`); open
//! discrepancies are also drawn by class and by age. Any other role — refused by the web, or by
//! the api should the roles change under a session — gets a page that says who may see it.

mod badge;
mod indicators;
mod thresholds;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_domain::Role;
use afiliados_domain::Role::{AdminDentsu as AD, Auditor as AU, Finance as FI};
use askama::Template;
use askama_web::WebTemplate;

use self::badge::Badge;
use self::indicators::Indicator;
use crate::chart::BarChart;
use crate::context::Ctx;
use crate::error::WebError;
use crate::format::stamp;
use crate::layout::{Layout, render};

/// The roles of `GET /status`.
const READERS: &[Role] = &[AD, AU, FI];

#[derive(Template, WebTemplate)]
#[template(path = "pages/status/status.html")]
pub(crate) struct StatusPage {
    l: Layout,
    overall: Badge,
    indicators: Vec<Indicator>,
    discrepancies_total: i64,
    by_class: BarChart,
    by_age: BarChart,
    generated_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/status/forbidden.html")]
pub(crate) struct StatusForbiddenPage {
    l: Layout,
}

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/estado", web::get().to(show_status));
}

async fn forbidden(ctx: &Ctx) -> Result<HttpResponse, WebError> {
    let page = StatusForbiddenPage {
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::FORBIDDEN)
}

/// `GET /estado`.
pub(crate) async fn show_status(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[])?;
    if !user.has_any(READERS) {
        return forbidden(&ctx).await;
    }
    let status = match ctx
        .call(async |api, token| api.status_page(token).await)
        .await
    {
        Err(WebError::Api(error)) if error.status().map(|s| s.as_u16()) == Some(403) => {
            return forbidden(&ctx).await;
        }
        other => other?,
    };
    let i18n = ctx.i18n;
    let page = StatusPage {
        overall: Badge::new(
            i18n,
            "status-overall",
            status.overall,
            i18n.t("status_page.overall_help").to_owned(),
        ),
        indicators: indicators::all(i18n, &status),
        discrepancies_total: status.discrepancies.total,
        by_class: indicators::by_class(i18n, &status.discrepancies),
        by_age: indicators::by_age(i18n, &status.discrepancies),
        generated_at: stamp(Some(status.generated_at)),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}
