//! `GET /notifications/pending` (`api.md` §14): the operational queue, the tenant's alerts not
//! yet acknowledged, newest raise first. `admin_dentsu` and `gestor_afiliados` only.

use afiliados_api_types::Page;
use afiliados_api_types::alerts::{AlertResponse, PendingAlertsQuery};
use afiliados_db::AsyncPgConnection;
use afiliados_db::alerts::{AlertRow, PendingFilter};
use afiliados_domain::{Actor, AlertSeverity, AlertType, Role};

use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who reads the queue (the same roles the alerts are fanned out to).
pub const READERS: [Role; 2] = [Role::AdminDentsu, Role::GestorAfiliados];

/// A stored alert as the API shows it. The columns are CHECK-constrained to the vocabularies, so
/// an unknown value cannot be stored; the fallbacks only keep this total.
pub fn alert_response(row: AlertRow) -> AlertResponse {
    AlertResponse {
        id: row.id.into(),
        alert_type: AlertType::parse(&row.alert_type).unwrap_or(AlertType::DelayedJob),
        severity: AlertSeverity::parse(&row.severity).unwrap_or(AlertSeverity::Critical),
        message: row.message,
        details: row.details,
        raised_at: row.raised_at,
        acknowledged_at: row.acknowledged_at,
        acknowledged_by: row.acknowledged_by.map(Into::into),
    }
}

/// One page of the queue matching `query`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &PendingAlertsQuery,
) -> Result<Page<AlertResponse>, UseCaseError> {
    actor.require_any(&READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let filter = PendingFilter {
        alert_type: query.alert_type.map(|t| t.as_str().to_owned()),
        severity: query.severity.map(|s| s.as_str().to_owned()),
        from: query.from,
        to: query.to,
    };
    let (rows, total) =
        afiliados_db::alerts::pending(tx, ctx.tenant_id, &filter, paging.offset(), paging.limit())
            .await?;
    Ok(paging.page(rows.into_iter().map(alert_response).collect(), total))
}
