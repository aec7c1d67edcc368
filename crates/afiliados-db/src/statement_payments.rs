//! The payment reads of a withholding certificate (ADR 0050): an influencer's payments whose
//! payment date (a Bogota business date) falls in a tax year, and the influencers paid in a year
//! (the bulk command's list).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::payments::PaymentRow;
use crate::schema::payments;

/// The influencer's payments dated in `[from, to)`, by brand, date and id.
pub async fn of_influencer(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<PaymentRow>> {
    payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .filter(payments::influencer_id.eq(influencer_id))
        .filter(payments::payment_date.ge(from))
        .filter(payments::payment_date.lt(to))
        .order((
            payments::brand_id.asc(),
            payments::payment_date.asc(),
            payments::id.asc(),
        ))
        .select(PaymentRow::as_select())
        .load(conn)
        .await
}

/// Every influencer with a payment dated in `[from, to)`, by id.
pub async fn payees(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<Uuid>> {
    payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .filter(payments::payment_date.ge(from))
        .filter(payments::payment_date.lt(to))
        .select(payments::influencer_id)
        .distinct()
        .order(payments::influencer_id.asc())
        .load(conn)
        .await
}
