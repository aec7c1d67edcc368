//! A run's reports (`api.md` §19, `domain.md` §5.16.3): JSON (`{run, discrepancies}`) and CSV
//! rendered live from the discrepancy table, or — with `?snapshot=true` — the documents stored
//! when the run finished ([`store_snapshots`], sealed like every stored document). Every download
//! is audited `export.downloaded`. The CSV rows are shared with the cross-run export.

use std::collections::HashMap;

use afiliados_api_types::reconciliation::ReconciliationReport;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_db::reconciliation_queries::{self, DiscrepancyFilter};
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_db::stored_documents::NewDocument;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::list::stored_run;
use super::representation;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::exports::HeaderLanguage;
use crate::usecases::exports::writer::{CsvWriter, instant};
use crate::usecases::{UseCaseContext, UseCaseError};

/// `(english, spanish)` headers, in `domain.md` §5.16.3's order.
pub const COLUMNS: [(&str, &str); 17] = [
    ("run_id", "corrida"),
    ("class", "clase"),
    ("status", "estado"),
    ("vtex_order_id", "pedido_vtex"),
    ("order_id", "pedido"),
    ("brand", "marca"),
    ("influencer", "influenciador"),
    ("platform_value", "valor_plataforma"),
    ("vtex_value", "valor_vtex"),
    ("difference", "diferencia"),
    ("ratio_percent", "porcentaje_diferencia"),
    ("first_detected_at", "detectada_en"),
    ("occurrences", "ocurrencias"),
    ("resolution", "resolucion"),
    ("resolved_by", "resuelta_por"),
    ("resolved_at", "resuelta_en"),
    ("justification", "justificacion"),
];

/// Rows read per query.
const PAGE_ROWS: i64 = 1_000;
/// Who wrote the snapshots.
const SYSTEM: &str = "system:reconciliation";
/// `documents.owner_type` of the snapshots.
const OWNER: &str = "reconciliation_run";

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `report.json`.
    Json,
    /// `report.csv`.
    Csv,
}

/// A report to send.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// `reconciliation-<id>.json|csv`.
    pub filename: String,
    /// Its content type.
    pub content_type: &'static str,
    /// The bytes.
    pub body: Vec<u8>,
}

/// The brand and influencer names of some discrepancies.
#[derive(Debug, Default)]
pub struct Names {
    brands: HashMap<Uuid, String>,
    influencers: HashMap<Uuid, String>,
}

impl Names {
    /// Loads the names the rows refer to.
    pub async fn of(
        tx: &mut AsyncPgConnection,
        rows: &[DiscrepancyRow],
    ) -> Result<Names, UseCaseError> {
        let brand_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.brand_id).collect();
        let influencer_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.influencer_id).collect();
        let brands = reconciliation_queries::brand_names(tx, &brand_ids)
            .await?
            .into_iter()
            .collect();
        let influencers = reconciliation_queries::influencer_names(tx, &influencer_ids)
            .await?
            .into_iter()
            .map(|(id, first, last)| (id, format!("{first} {last}")))
            .collect();
        Ok(Names {
            brands,
            influencers,
        })
    }

    fn brand(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.brands.get(&id).cloned())
            .unwrap_or_default()
    }

    fn influencer(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.influencers.get(&id).cloned())
            .unwrap_or_default()
    }
}

/// Writes one CSV line per discrepancy; `run_id` is the report's run, or each row's last run.
pub fn write_rows(
    writer: &mut CsvWriter,
    names: &Names,
    run_id: Option<Uuid>,
    rows: &[DiscrepancyRow],
) -> Result<(), UseCaseError> {
    for row in rows {
        let details = representation::details(row);
        writer.row([
            run_id.unwrap_or(row.last_run_id).to_string(),
            row.class.trim().to_owned(),
            row.status.clone(),
            row.vtex_order_id.clone(),
            row.order_id.map(|id| id.to_string()).unwrap_or_default(),
            names.brand(row.brand_id),
            names.influencer(row.influencer_id),
            details.platform.unwrap_or_default(),
            details.vtex.unwrap_or_default(),
            details.difference.unwrap_or_default(),
            details.ratio_percent.unwrap_or_default(),
            instant(Some(row.first_detected_at)),
            row.occurrences.to_string(),
            row.resolution.clone().unwrap_or_default(),
            row.resolved_by.clone().unwrap_or_default(),
            instant(row.resolved_at),
            row.justification.clone().unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// Every discrepancy the run found (first or last), oldest first.
async fn all_of(
    tx: &mut AsyncPgConnection,
    run: &ReconciliationRunRow,
) -> Result<Vec<DiscrepancyRow>, UseCaseError> {
    let filter = DiscrepancyFilter {
        run_id: Some(run.id),
        ..DiscrepancyFilter::default()
    };
    let mut all = Vec::new();
    loop {
        let offset = i64::try_from(all.len()).map_err(UseCaseError::internal)?;
        let (rows, total) = reconciliation_queries::discrepancies_page(
            tx,
            run.tenant_id,
            &filter,
            offset,
            PAGE_ROWS,
        )
        .await?;
        let done = rows.is_empty();
        all.extend(rows);
        if done || i64::try_from(all.len()).map_err(UseCaseError::internal)? >= total {
            return Ok(all);
        }
    }
}

/// Renders the run's report now.
pub async fn render(
    tx: &mut AsyncPgConnection,
    run: &ReconciliationRunRow,
    format: Format,
    language: HeaderLanguage,
) -> Result<ReportFile, UseCaseError> {
    let rows = all_of(tx, run).await?;
    match format {
        Format::Json => {
            let report = ReconciliationReport {
                run: representation::run(run)?,
                discrepancies: representation::discrepancies(&rows)?,
            };
            Ok(ReportFile {
                filename: format!("reconciliation-{}.json", run.id),
                content_type: "application/json",
                body: serde_json::to_vec(&report).map_err(UseCaseError::internal)?,
            })
        }
        Format::Csv => {
            let names = Names::of(tx, &rows).await?;
            let mut writer = CsvWriter::new(language.header(&COLUMNS))?;
            write_rows(&mut writer, &names, Some(run.id), &rows)?;
            Ok(ReportFile {
                filename: format!("reconciliation-{}.csv", run.id),
                content_type: "text/csv; charset=utf-8",
                body: writer.finish()?,
            })
        }
    }
}

/// `GET /vtex/reconciliations/{id}/report.{json,csv}` (AD, GA, FI, AU), audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, reconciliation.run_id = %id))]
pub async fn download(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    format: Format,
    snapshot: bool,
    language: HeaderLanguage,
) -> Result<ReportFile, UseCaseError> {
    let run = stored_run(tx, ctx, actor, id).await?;
    let file = if snapshot {
        let document = match format {
            Format::Json => run.report_json_document_id,
            Format::Csv => run.report_csv_document_id,
        };
        // No snapshot while running (or for a run finished before snapshots were stored).
        let document = document.ok_or(UseCaseError::NotFound)?;
        let document = afiliados_db::stored_documents::find_live(tx, ctx.tenant_id, document)
            .await?
            .ok_or(UseCaseError::NotFound)?;
        let body = crate::usecases::documents::store::open(ctx, &document).await?;
        ReportFile {
            filename: document.filename.clone(),
            content_type: match format {
                Format::Json => "application/json",
                Format::Csv => "text/csv; charset=utf-8",
            },
            body,
        }
    } else {
        render(tx, &run, format, language).await?
    };
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("export.downloaded", "reconciliation_run", run.id).changes(
            None,
            Some(serde_json::json!({
                "report": "reconciliation",
                "format": match format { Format::Json => "json", Format::Csv => "csv" },
                "snapshot": snapshot,
            })),
        ),
    )
    .await?;
    Ok(file)
}

/// Renders the JSON and CSV reports of run `run_id` as they are now and stores them as sealed
/// documents of the run (`report_json_document_id`, `report_csv_document_id`). Called when a run
/// finishes; calling it again replaces the links with fresh snapshots.
pub async fn store_snapshots(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
) -> Result<(), UseCaseError> {
    let run = afiliados_db::reconciliation_runs::find(tx, ctx.tenant_id, run_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let json = render(tx, &run, Format::Json, HeaderLanguage::Spanish).await?;
    let csv = render(tx, &run, Format::Csv, HeaderLanguage::Spanish).await?;
    let json_id = store(tx, ctx, run.id, &json).await?;
    let csv_id = store(tx, ctx, run.id, &csv).await?;
    reconciliation_queries::set_report_documents(tx, run.id, json_id, csv_id).await?;
    Ok(())
}

async fn store(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run_id: Uuid,
    file: &ReportFile,
) -> Result<Uuid, UseCaseError> {
    let id = afiliados_db::new_id();
    let key = crate::usecases::documents::store::storage_key(OWNER, run_id, id);
    let key_id = ctx
        .storage
        .put_sealed(&key, &file.body, ctx.data_keys, id.as_bytes())
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    let size = i64::try_from(file.body.len()).map_err(UseCaseError::internal)?;
    let sha256 = afiliados_crypto::sha256_hex(&file.body);
    afiliados_db::stored_documents::insert(
        tx,
        &NewDocument {
            id,
            tenant_id: ctx.tenant_id,
            owner_type: OWNER,
            owner_id: run_id,
            kind: "report",
            filename: &file.filename,
            content_type: file.content_type,
            size_bytes: size,
            sha256: &sha256,
            storage_key: &key,
            encryption_key_id: Some(&key_id),
            uploaded_by: SYSTEM,
            notes: None,
        },
    )
    .await?;
    Ok(id)
}
