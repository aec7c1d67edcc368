//! Reading payments (`api.md` §11 `GET /payments`): the filtered page, a withdrawal's payment and
//! a batch's payments. The row shape and the insert live in [`crate::payments`].

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::payments::PaymentRow;
use crate::schema::payments;

/// Filters of `GET /payments` (already scoped by the caller).
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    /// One influencer (an influencer's own id replaces any asked for).
    pub influencer_id: Option<Uuid>,
    /// One brand.
    pub brand_id: Option<Uuid>,
    /// One batch.
    pub batch_id: Option<Uuid>,
    /// `bank_transfer|digital_wallet|other`.
    pub method: Option<String>,
    /// `payment_date ≥ from`.
    pub from: Option<NaiveDate>,
    /// `payment_date < to` (`api.md` §0.3: `to` is exclusive).
    pub to: Option<NaiveDate>,
}

fn filtered(
    tenant_id: Uuid,
    filter: &PaymentFilter,
) -> payments::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .into_boxed();
    if let Some(id) = filter.influencer_id {
        query = query.filter(payments::influencer_id.eq(id));
    }
    if let Some(id) = filter.brand_id {
        query = query.filter(payments::brand_id.eq(id));
    }
    if let Some(id) = filter.batch_id {
        query = query.filter(payments::batch_id.eq(id));
    }
    if let Some(method) = filter.method.clone() {
        query = query.filter(payments::method.eq(method));
    }
    if let Some(from) = filter.from {
        query = query.filter(payments::payment_date.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(payments::payment_date.lt(to));
    }
    query
}

/// A page of payments by payment date (newest first unless `ascending`) and the total count.
pub async fn page(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &PaymentFilter,
    ascending: bool,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<PaymentRow>, i64)> {
    let total = filtered(tenant_id, filter).count().get_result(conn).await?;
    let query = filtered(tenant_id, filter);
    let query = if ascending {
        query.order((
            payments::payment_date.asc(),
            payments::created_at.asc(),
            payments::id.asc(),
        ))
    } else {
        query.order((
            payments::payment_date.desc(),
            payments::created_at.desc(),
            payments::id.desc(),
        ))
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The payments of a batch, in withdrawal order.
pub async fn of_batch(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    batch_id: Uuid,
) -> crate::Result<Vec<PaymentRow>> {
    payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .filter(payments::batch_id.eq(batch_id))
        .order(payments::withdrawal_id.asc())
        .select(PaymentRow::as_select())
        .load(conn)
        .await
}

/// A page of the payments of a batch after withdrawal `after`, in withdrawal order (the order
/// of [`of_batch`]), for answering a paid batch without holding every payment at once.
pub async fn of_batch_after(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    batch_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> crate::Result<Vec<PaymentRow>> {
    let mut query = payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .filter(payments::batch_id.eq(batch_id))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(payments::withdrawal_id.gt(after));
    }
    query
        .order(payments::withdrawal_id.asc())
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
        .await
}
