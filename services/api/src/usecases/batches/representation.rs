//! The **PayoutBatch** representation (`api.md` §1): the row, the withdrawals it holds (or, once
//! cancelled, the ones it released) and the CSV route.

use afiliados_api_types::payments::{PaymentResponse, PayoutBatchResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::payout_batches::PayoutBatchRow;
use afiliados_domain::{Money, PayoutBatchStatus};
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::list_query::stored;

/// The payout CSV route of a batch.
pub fn csv_url(batch_id: Uuid) -> String {
    format!("/api/v1/payments/batches/{batch_id}/export.csv")
}

fn money(value: rust_decimal::Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored batch total with more than two decimals"))
}

/// The representation of `row` holding `withdrawal_ids`.
pub fn build(
    row: PayoutBatchRow,
    withdrawal_ids: Vec<Uuid>,
    payments: Option<Vec<PaymentResponse>>,
) -> Result<PayoutBatchResponse, UseCaseError> {
    Ok(PayoutBatchResponse {
        csv_url: csv_url(row.id),
        id: row.id,
        brand_id: row.brand_id.map(Into::into),
        status: stored(&row.status, PayoutBatchStatus::parse)?,
        withdrawal_ids: withdrawal_ids.into_iter().map(Into::into).collect(),
        withdrawal_count: row.withdrawal_count,
        total_gross: money(row.total_gross)?,
        total_withheld: money(row.total_withheld)?,
        total_net: money(row.total_net)?,
        created_by: row.created_by.into(),
        created_at: row.created_at,
        paid_at: row.paid_at,
        paid_by: row.paid_by.map(Into::into),
        cancelled_at: row.cancelled_at,
        payments,
    })
}

/// The withdrawals of a batch as the representation lists them.
pub async fn withdrawal_ids(
    conn: &mut AsyncPgConnection,
    row: &PayoutBatchRow,
) -> Result<Vec<Uuid>, UseCaseError> {
    if row.status == PayoutBatchStatus::Cancelled.as_str() {
        return Ok(afiliados_db::payout_batch_queries::released_by(conn, row.id).await?);
    }
    let pairs = afiliados_db::payout_batch_queries::withdrawal_ids_of(conn, &[row.id]).await?;
    Ok(pairs.into_iter().map(|(_, id)| id).collect())
}

/// The representation of a stored batch (without payments).
pub async fn response(
    conn: &mut AsyncPgConnection,
    row: PayoutBatchRow,
) -> Result<PayoutBatchResponse, UseCaseError> {
    let ids = withdrawal_ids(conn, &row).await?;
    build(row, ids, None)
}
