//! `payments`: the money that left for one approved withdrawal, with the withholding snapshot
//! (`domain.md` §3.8, §5.14.3). One per withdrawal; gross = withheld + net (CHECK).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::payments;

/// A payment to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = payments)]
pub struct NewPayment<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The withdrawal paid.
    pub withdrawal_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// The approved amount.
    pub gross_amount: Decimal,
    /// Percent withheld (0 under the threshold).
    pub withholding_rate: Decimal,
    /// `round_money(gross × rate / 100)` or 0.
    pub tax_withheld: Decimal,
    /// gross − withheld.
    pub net_amount: Decimal,
    /// The tax profile applied (snapshot).
    pub tax_profile_code: Option<&'a str>,
    /// ISO currency.
    pub currency: &'a str,
    /// `bank_transfer|digital_wallet|other`.
    pub method: &'a str,
    /// 3–100.
    pub reference: &'a str,
    /// The value date.
    pub payment_date: NaiveDate,
    /// Who paid.
    pub paid_by: Uuid,
    /// The batch paid with it.
    pub batch_id: Option<Uuid>,
    /// ≤ 500.
    pub notes: Option<&'a str>,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// Now.
    pub updated_at: DateTime<Utc>,
}

/// A stored payment.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = payments)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct PaymentRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The withdrawal paid.
    pub withdrawal_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// Gross.
    pub gross_amount: Decimal,
    /// Percent.
    pub withholding_rate: Decimal,
    /// Withheld.
    pub tax_withheld: Decimal,
    /// Net.
    pub net_amount: Decimal,
    /// Profile code.
    pub tax_profile_code: Option<String>,
    /// ISO currency.
    pub currency: String,
    /// Method.
    pub method: String,
    /// Reference.
    pub reference: String,
    /// Value date.
    pub payment_date: NaiveDate,
    /// Who paid.
    pub paid_by: Uuid,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// Notes.
    pub notes: Option<String>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Records payments (one, or a whole batch).
pub async fn insert(conn: &mut AsyncPgConnection, rows: &[NewPayment<'_>]) -> crate::Result<()> {
    diesel::insert_into(payments::table)
        .values(rows)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A payment of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<PaymentRow>> {
    payments::table
        .filter(payments::tenant_id.eq(tenant_id))
        .filter(payments::id.eq(id))
        .select(PaymentRow::as_select())
        .first(conn)
        .await
        .optional()
}
