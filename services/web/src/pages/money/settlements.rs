//! `/liquidaciones` (finance, admin dentsu): the stored settlement runs, newest first, and the
//! form that runs one now: a dry run (the preview: computes and stores the report, changes
//! nothing) or a real run, with the optional waiting period override (0–90 days) and evaluation
//! date. A run already in progress (409 `settlement_in_progress`) is said in plain words.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::settlements::{
    ListSettlementsQuery, RunSettlementRequest, SettlementRunResponse,
};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use serde::Deserialize;

use super::FINANCE_STAFF;
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::format::{money, stamp};
use crate::forms::FormData;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// One run.
pub(crate) struct RunRow {
    pub(super) id: String,
    pub(super) evaluation_at: String,
    pub(super) started_at: String,
    pub(super) dry_run: bool,
    pub(super) source: String,
    pub(super) status: String,
    pub(super) status_label: String,
    pub(super) triggered_by: String,
    pub(super) confirmed: String,
    pub(super) reverted: String,
    pub(super) pending: String,
}

impl RunRow {
    pub(crate) fn new(i18n: I18n, run: &SettlementRunResponse) -> RunRow {
        let totals = run.totals;
        let pair = |count: i64, amount| format!("{count} · {}", money(i18n.locale, amount));
        RunRow {
            id: run.id.to_string(),
            evaluation_at: stamp(Some(run.evaluation_at)),
            started_at: stamp(Some(run.started_at)),
            dry_run: run.dry_run,
            source: i18n.label("settlement_source", run.source),
            status: run.status.as_str().to_owned(),
            status_label: i18n.label("settlement_status", run.status),
            triggered_by: run.triggered_by.clone(),
            confirmed: pair(totals.confirmed.count, totals.confirmed.amount),
            reverted: pair(totals.reverted.count, totals.reverted.amount),
            pending: pair(totals.pending.count, totals.pending.amount),
        }
    }
}

/// The run form as typed.
#[derive(Default)]
pub(crate) struct RunValues {
    waiting_period_days: String,
    evaluation_date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/money/settlements.html")]
pub(crate) struct SettlementsPage {
    l: Layout,
    dry_run: String,
    rows: Vec<RunRow>,
    pager: Pager,
    form: RunValues,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    dry_run: Option<String>,
}

async fn page(
    ctx: &Ctx,
    page: u32,
    dry_run: Option<String>,
    form: RunValues,
) -> Result<SettlementsPage, WebError> {
    let query = ListSettlementsQuery {
        page: Some(page.max(1)),
        page_size: Some(20),
        dry_run: match dry_run.as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        },
        ..ListSettlementsQuery::default()
    };
    let result = ctx
        .call(async |api, token| api.list_settlements(token, &query).await)
        .await?;
    let kept = filter_query(&[("dryRun", dry_run.as_deref())]);
    Ok(SettlementsPage {
        rows: result
            .items
            .iter()
            .map(|run| RunRow::new(ctx.i18n, run))
            .collect(),
        pager: Pager::new(
            "/liquidaciones",
            &kept,
            result.page,
            result.page_size,
            result.total,
        ),
        dry_run: dry_run.unwrap_or_default(),
        form,
        message: None,
        fields: FieldErrors::default(),
        l: ctx.layout().await?,
    })
}

/// `GET /liquidaciones`.
pub(crate) async fn list_settlements(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let Filters {
        page: number,
        dry_run,
    } = filters.into_inner();
    let shown = page(&ctx, number.unwrap_or(1), dry_run, RunValues::default()).await?;
    render(&shown, StatusCode::OK)
}

/// `POST /liquidaciones` with `mode` `dry` (preview) or `real`; to the run's page when done.
pub(crate) async fn submit_settlement_run(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(FINANCE_STAFF)?;
    let values = RunValues {
        waiting_period_days: form.get("waiting_period_days"),
        evaluation_date: form.get("evaluation_date"),
    };
    let dry_run = form.get("mode") != "real";
    let days = form
        .parsed::<i64>("waiting_period_days")
        .and_then(|days| match days {
            Some(d) if !(0..=90).contains(&d) => Err(()),
            other => Ok(other),
        });
    let date = form.parsed::<NaiveDate>("evaluation_date");
    let mut fields = FieldErrors::default();
    if days.is_err() {
        fields.add(
            "waitingPeriodDays",
            ctx.i18n.t("field_error.out_of_range").to_owned(),
        );
    }
    if date.is_err() {
        fields.add(
            "evaluationDate",
            ctx.i18n.t("field_error.invalid_format").to_owned(),
        );
    }
    if !fields.is_empty() {
        let mut shown = page(&ctx, 1, None, values).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = RunSettlementRequest {
        waiting_period_days: days.ok().flatten(),
        evaluation_date: date
            .ok()
            .flatten()
            .map(|d| d.format("%Y-%m-%d").to_string()),
        dry_run,
    };
    match ctx
        .call(async |api, token| api.run_settlement(token, &request).await)
        .await
    {
        Ok(run) => ctx.done(
            &format!("/liquidaciones/{}", run.id),
            if dry_run {
                "settlements.preview_done"
            } else {
                "settlements.run_done"
            },
        ),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut shown = page(&ctx, 1, None, values).await?;
            shown.message = feedback.message;
            shown.fields = feedback.fields;
            render(&shown, feedback.status)
        }
    }
}
