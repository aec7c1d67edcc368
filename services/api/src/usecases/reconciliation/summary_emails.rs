//! Telling people a run finished (`domain.md` §5.16.3, §5.17): the `reconciliation_summary`
//! e-mail and the in-app `reconciliation.finished` to every active GA and FI with every row, and,
//! for each brand with discrepancies, to that brand's active AM with only that brand's rows.

use std::collections::BTreeMap;

use afiliados_api_types::reconciliation::DiscrepancyDetails;
use afiliados_db::AsyncPgConnection;
use afiliados_db::reconciliation_discrepancies::DiscrepancyRow;
use afiliados_db::reconciliation_runs::ReconciliationRunRow;
use afiliados_domain::{Role, UserStatus};
use afiliados_email_messages::{ReconciliationSummary, SummaryRow};
use serde_json::json;
use uuid::Uuid;

use crate::usecases::emails::queue::{QueuedEmail, queue};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Rows listed in one e-mail; the rest are counted ("… and N more").
pub const MAX_ROWS: usize = 50;

/// Who got what: e-mails queued and in-app notifications written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Told {
    /// E-mails queued.
    pub emails: usize,
    /// In-app notifications.
    pub notifications: usize,
}

/// Queues the summary of the finished `run` with its discrepancies (`last_run_id` = run).
pub async fn tell(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run: &ReconciliationRunRow,
    discrepancies: &[DiscrepancyRow],
) -> Result<Told, UseCaseError> {
    let mut told = Told::default();
    let everyone = afiliados_db::roles::active_holders(
        tx,
        ctx.tenant_id,
        &[Role::GestorAfiliados.as_str(), Role::Finance.as_str()],
    )
    .await?;
    for user in &everyone {
        told = add(told, send(tx, ctx, run, *user, None, discrepancies).await?);
    }
    let mut by_brand: BTreeMap<Uuid, Vec<DiscrepancyRow>> = BTreeMap::new();
    for row in discrepancies {
        if let Some(brand) = row.brand_id {
            by_brand.entry(brand).or_default().push(row.clone());
        }
    }
    if by_brand.is_empty() {
        return Ok(told);
    }
    let managers =
        afiliados_db::roles::active_holders(tx, ctx.tenant_id, &[Role::AdminMarca.as_str()])
            .await?;
    let brands_of = afiliados_db::roles::brands_of_many(tx, &managers).await?;
    for (brand_id, rows) in &by_brand {
        let Some(brand) = afiliados_db::brands::find(tx, ctx.tenant_id, *brand_id).await? else {
            continue;
        };
        for manager in &managers {
            // A GA or FI who is also this brand's AM already has every row.
            if everyone.contains(manager)
                || !brands_of
                    .get(manager)
                    .is_some_and(|brands| brands.contains(brand_id))
            {
                continue;
            }
            let scope = Some((brand.id, brand.name.as_str()));
            told = add(told, send(tx, ctx, run, *manager, scope, rows).await?);
        }
    }
    Ok(told)
}

fn add(told: Told, more: Told) -> Told {
    Told {
        emails: told.emails + more.emails,
        notifications: told.notifications + more.notifications,
    }
}

/// One recipient: the e-mail (active users only) and the in-app notification.
async fn send(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    run: &ReconciliationRunRow,
    user_id: Uuid,
    brand: Option<(Uuid, &str)>,
    rows: &[DiscrepancyRow],
) -> Result<Told, UseCaseError> {
    let Some(user) = afiliados_db::users::find(tx, ctx.tenant_id, user_id).await? else {
        return Ok(Told::default());
    };
    if user.status != UserStatus::Active {
        return Ok(Told::default());
    }
    let found = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    let auto_resolved = u64::try_from(
        rows.iter()
            .filter(|row| {
                row.status == "resolved"
                    && matches!(row.resolution.as_deref(), Some("auto" | "vanished"))
            })
            .count(),
    )
    .unwrap_or(u64::MAX);
    let pending_manual =
        u64::try_from(rows.iter().filter(|row| row.status == "open").count()).unwrap_or(u64::MAX);
    let listed: Vec<SummaryRow> = rows.iter().take(MAX_ROWS).map(summary_row).collect();
    let link = format!(
        "{}/reconciliation/{}",
        ctx.settings.web_public_url.trim_end_matches('/'),
        run.id
    );
    let business_date = run
        .business_date
        .unwrap_or_else(|| afiliados_domain::bogota_date(run.range_from))
        .to_string();
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &user.email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message: ReconciliationSummary {
                first_name: user.first_name.clone(),
                run_type: run.run_type.clone(),
                business_date: business_date.clone(),
                status: run.status.clone(),
                brand_name: brand.map(|(_, name)| name.to_owned()),
                vtex_orders: u64::try_from(run.vtex_orders_count).unwrap_or_default(),
                platform_orders: u64::try_from(run.platform_orders_count).unwrap_or_default(),
                discrepancies_found: found,
                auto_resolved,
                pending_manual,
                more_rows: found.saturating_sub(u64::try_from(listed.len()).unwrap_or_default()),
                rows: listed,
                link,
            }
            .into(),
        },
    )
    .await?;
    let severity = if found == 0 { "info" } else { "warning" };
    afiliados_db::notifications::insert(
        tx,
        ctx.tenant_id,
        user.id,
        "reconciliation.finished",
        severity,
        &json!({
            "runId": run.id,
            "type": run.run_type,
            "status": run.status,
            "businessDate": business_date,
            "brandId": brand.map(|(id, _)| id),
            "brandName": brand.map(|(_, name)| name),
            "discrepanciesFound": found,
            "pendingManual": pending_manual,
        }),
    )
    .await?;
    Ok(Told {
        emails: 1,
        notifications: 1,
    })
}

fn summary_row(row: &DiscrepancyRow) -> SummaryRow {
    let details: DiscrepancyDetails =
        serde_json::from_value(row.details.clone()).unwrap_or_default();
    SummaryRow {
        class: row.class.clone(),
        vtex_order_id: row.vtex_order_id.clone(),
        status: row.status.clone(),
        field: details.field,
        platform: details.platform,
        vtex: details.vtex,
    }
}
