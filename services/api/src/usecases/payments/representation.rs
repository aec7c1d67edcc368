//! The **Payment** representation (`api.md` §1): the row with its documents (download links
//! for everyone who may read the payment: FI, AD and the influencer itself).

use afiliados_api_types::payments::PaymentResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::payments::PaymentRow;
use afiliados_domain::{Money, PaymentMethod, Percent};
use uuid::Uuid;

use crate::usecases::documents::store;
use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The owner type of a payment's files.
pub const OWNER: &str = "payment";

/// The download route of a payment's document.
pub fn download_url(payment_id: Uuid, document_id: Uuid) -> String {
    format!("/api/v1/payments/{payment_id}/documents/{document_id}/download")
}

fn money(value: rust_decimal::Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored payment amount with more than two decimals"))
}

/// The representation of a stored payment.
pub async fn response(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    row: PaymentRow,
) -> Result<PaymentResponse, UseCaseError> {
    let documents =
        afiliados_db::stored_documents::for_owner(conn, ctx.tenant_id, OWNER, row.id).await?;
    let documents = documents
        .into_iter()
        .map(|d| {
            let url = download_url(row.id, d.id);
            store::response(d, Some(url))
        })
        .collect();
    with_documents(row, documents)
}

/// The representation of a payment just written (it has no documents yet).
pub fn fresh(row: PaymentRow) -> Result<PaymentResponse, UseCaseError> {
    with_documents(row, Vec::new())
}

fn with_documents(
    row: PaymentRow,
    documents: Vec<afiliados_api_types::influencers::DocumentResponse>,
) -> Result<PaymentResponse, UseCaseError> {
    Ok(PaymentResponse {
        id: row.id.into(),
        withdrawal_id: row.withdrawal_id.into(),
        influencer_id: row.influencer_id.into(),
        brand_id: row.brand_id.into(),
        amount: money(row.gross_amount)?,
        withholding_rate: Percent::from_decimal(row.withholding_rate)
            .map_err(|_| UseCaseError::internal("stored withholding rate out of range"))?,
        tax_withheld: money(row.tax_withheld)?,
        net_amount: money(row.net_amount)?,
        tax_profile_code: row.tax_profile_code,
        currency: row.currency.trim().to_owned(),
        method: stored(&row.method, PaymentMethod::parse)?,
        reference: row.reference,
        payment_date: row.payment_date,
        paid_by: row.paid_by.into(),
        batch_id: row.batch_id,
        notes: row.notes,
        documents,
        created_at: row.created_at,
    })
}

/// The representations of many payments.
pub async fn responses(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    rows: Vec<PaymentRow>,
) -> Result<Vec<PaymentResponse>, UseCaseError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(response(conn, ctx, row).await?);
    }
    Ok(out)
}
