//! `GET /commissions/settlements/{id}/report.csv` (`api.md` §0.7, §10): every item of a run —
//! not only the 1 000 per list the answer carries — as CSV through the api's one writer
//! (`usecases::exports::writer`). Downloading it is audited (`export.downloaded`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::settlement_run_items::{self, Item};
use afiliados_domain::Actor;
use uuid::Uuid;

use super::read::stored;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::exports::writer::{CsvWriter, amount, instant};
use crate::usecases::fields::money;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The header row, as `api.md` §10 names the columns.
pub const COLUMNS: [&str; 13] = [
    "list",
    "commission_id",
    "vtex_order_id",
    "influencer_id",
    "influencer_name",
    "brand",
    "campaign",
    "previous_state",
    "next_state",
    "amount",
    "effective_at",
    "reason",
    "due_at",
];

/// The file name and the bytes.
#[derive(Debug, Clone)]
pub struct CsvReport {
    /// `settlement-<id>.csv`.
    pub filename: String,
    /// UTF-8 with BOM.
    pub body: Vec<u8>,
}

fn line(item: &Item) -> [String; 13] {
    [
        item.list.clone(),
        item.commission_id.to_string(),
        item.vtex_order_id.clone(),
        item.influencer_id.to_string(),
        item.influencer_name.clone(),
        item.brand_name.clone(),
        item.campaign_name.clone(),
        item.previous_state.clone(),
        item.next_state.clone(),
        amount(money(item.amount)),
        instant(item.effective_at),
        item.reason.clone().unwrap_or_default(),
        instant(item.due_at),
    ]
}

/// Renders the items through the api's CSV writer: BOM, header, one CRLF-terminated line each.
pub fn render(items: &[Item]) -> Result<Vec<u8>, UseCaseError> {
    let mut writer = CsvWriter::new(COLUMNS)?;
    for item in items {
        writer.row(line(item))?;
    }
    writer.finish()
}

/// The CSV of a run (FI, AD), audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, settlement.run_id = %id))]
pub async fn report_csv(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<CsvReport, UseCaseError> {
    let run = stored(tx, ctx, actor, id).await?;
    let items = settlement_run_items::all(tx, run.id).await?;
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(actor),
        AuditEvent::new("export.downloaded", "settlement_run", run.id).changes(
            None,
            Some(serde_json::json!({"report": "settlement", "rows": items.len()})),
        ),
    )
    .await?;
    Ok(CsvReport {
        filename: format!("settlement-{}.csv", run.id),
        body: render(&items)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_report_is_the_bom_and_the_header() {
        let text = String::from_utf8(render(&[]).unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}list,commission_id,vtex_order_id,influencer_id,influencer_name,brand,campaign,\
             previous_state,next_state,amount,effective_at,reason,due_at\r\n"
        );
    }
}
