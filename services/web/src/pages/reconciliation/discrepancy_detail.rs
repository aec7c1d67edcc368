//! `GET /conciliaciones/{run}/discrepancias/{id}`: one discrepancy — the platform's and VTEX's
//! values side by side (amounts as COP), the difference, its history (first detection, runs,
//! occurrences, attempts, last error, resolution, escalation) and, for finance and
//! admin_dentsu while it is open, reprocess and accept with a justification. The api has no
//! single-discrepancy read, so the page finds it among the run's (every discrepancy belongs to
//! the run that found it first, which is where the lists link).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::reconciliation::DiscrepancyResponse;
use afiliados_api_types::reconciliation_requests::ListRunDiscrepanciesQuery;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::{ACTORS, DiscrepancyRow, READERS};
use crate::assets::asset_url;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::FieldErrors;
use crate::layout::{Layout, render};

/// Pages of 100 read at most to find one discrepancy of a run.
const MAX_PAGES: u32 = 20;
/// The justification's longest length, in characters (the api counts after trimming; its
/// shortest, 20, is the api's to check).
const JUSTIFICATION_MAX: usize = 1_000;

#[derive(Template, WebTemplate)]
#[template(path = "pages/reconciliation/discrepancy.html")]
pub(crate) struct DiscrepancyPage {
    pub(crate) l: Layout,
    pub(crate) d: DiscrepancyRow,
    pub(crate) run_id: String,
    pub(crate) can_act: bool,
    pub(crate) justification: String,
    pub(crate) counter_js: String,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

impl DiscrepancyPage {
    fn typed_length(&self) -> usize {
        self.justification.trim().chars().count()
    }

    fn max(&self) -> usize {
        JUSTIFICATION_MAX
    }
}

/// The discrepancy `id` among those of `run`, or the 404 page.
pub(crate) async fn find(ctx: &Ctx, run: Uuid, id: Uuid) -> Result<DiscrepancyResponse, WebError> {
    for page in 1..=MAX_PAGES {
        let query = ListRunDiscrepanciesQuery {
            page: Some(page),
            page_size: Some(100),
            ..ListRunDiscrepanciesQuery::default()
        };
        let found = ctx
            .call(async |api, token| api.list_run_discrepancies(token, run, &query).await)
            .await?;
        if let Some(d) = found.items.iter().find(|d| Uuid::from(d.id) == id) {
            return Ok(d.clone());
        }
        if u64::from(page) * 100 >= found.total {
            break;
        }
    }
    Err(WebError::NotFound)
}

/// The page of discrepancy `id` of `run`, with `justification` as typed.
pub(crate) async fn page(
    ctx: &Ctx,
    run: Uuid,
    id: Uuid,
    justification: String,
) -> Result<DiscrepancyPage, WebError> {
    let user = ctx.require(READERS)?;
    let found = find(ctx, run, id).await?;
    Ok(DiscrepancyPage {
        d: DiscrepancyRow::new(ctx.i18n, &found),
        run_id: run.to_string(),
        can_act: user.has_any(ACTORS),
        justification,
        counter_js: asset_url("counter.js"),
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

/// `GET /conciliaciones/{run}/discrepancias/{id}`.
pub(crate) async fn show_discrepancy(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, WebError> {
    let (run, id) = path.into_inner();
    let shown = page(&ctx, run, id, String::new()).await?;
    render(&shown, StatusCode::OK)
}
