//! `GET /commissions/settlements/{id}/report.csv` (`api.md` §0.7, §10): every item of a run —
//! not only the 1 000 per list the answer carries — as RFC 4180 CSV (UTF-8 with BOM, CRLF,
//! money with `.` decimals, instants RFC 3339 UTC). Downloading it is audited
//! (`export.downloaded`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::settlement_run_items::{self, Item};
use afiliados_domain::Actor;
use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use super::read::stored;
use crate::audit::{self, AuditActor, AuditEvent};
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

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn instant(value: Option<DateTime<Utc>>) -> String {
    value
        .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

fn line(item: &Item) -> String {
    let cells = [
        item.list.clone(),
        item.commission_id.to_string(),
        item.vtex_order_id.clone(),
        item.influencer_id.to_string(),
        item.influencer_name.clone(),
        item.brand_name.clone(),
        item.campaign_name.clone(),
        item.previous_state.clone(),
        item.next_state.clone(),
        money(item.amount).amount().to_string(),
        instant(item.effective_at),
        item.reason.clone().unwrap_or_default(),
        instant(item.due_at),
    ];
    let cells: Vec<String> = cells.iter().map(|cell| field(cell)).collect();
    cells.join(",")
}

/// Renders the items: BOM, header, one CRLF-terminated line each.
pub fn render(items: &[Item]) -> Vec<u8> {
    let mut text = String::from('\u{feff}');
    text.push_str(&COLUMNS.join(","));
    text.push_str("\r\n");
    for item in items {
        text.push_str(&line(item));
        text.push_str("\r\n");
    }
    text.into_bytes()
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
        body: render(&items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Cetaphil"), "Cetaphil");
        assert_eq!(field("Gómez, Isabela"), "\"Gómez, Isabela\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn an_empty_report_is_the_bom_and_the_header() {
        let text = String::from_utf8(render(&[])).unwrap();
        assert_eq!(
            text,
            "\u{feff}list,commission_id,vtex_order_id,influencer_id,influencer_name,brand,campaign,\
             previous_state,next_state,amount,effective_at,reason,due_at\r\n"
        );
    }
}
