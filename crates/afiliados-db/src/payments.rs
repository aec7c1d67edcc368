//! `payments`: the money that left for one approved withdrawal, with the withholding snapshot
//! (`domain.md` §3.8, §5.14.3). One per withdrawal; gross = withheld + net (CHECK).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::prepared::Prepare;
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

/// Records payments (one, or a whole batch chunk) with one `INSERT … SELECT unnest(…)`: the
/// statement has 19 array parameters whatever the number of rows.
pub async fn insert(conn: &mut AsyncPgConnection, rows: &[NewPayment<'_>]) -> crate::Result<()> {
    use diesel::sql_types::{Array, Date, Nullable, Numeric, Text, Timestamptz, Uuid as SqlUuid};
    if rows.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "INSERT INTO payments (id, tenant_id, withdrawal_id, influencer_id, brand_id, gross_amount, \
           withholding_rate, tax_withheld, net_amount, tax_profile_code, currency, method, reference, \
           payment_date, paid_by, batch_id, notes, created_at, updated_at) \
         SELECT t.id, t.tenant_id, t.withdrawal_id, t.influencer_id, t.brand_id, t.gross, t.rate, \
           t.withheld, t.net, t.profile, t.currency, t.method, t.reference, t.payment_date, \
           t.paid_by, t.batch_id, t.notes, t.created_at, t.updated_at \
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::numeric[], \
           $7::numeric[], $8::numeric[], $9::numeric[], $10::text[], $11::text[], $12::text[], \
           $13::text[], $14::date[], $15::uuid[], $16::uuid[], $17::text[], $18::timestamptz[], \
           $19::timestamptz[]) \
           AS t(id, tenant_id, withdrawal_id, influencer_id, brand_id, gross, rate, withheld, net, \
             profile, currency, method, reference, payment_date, paid_by, batch_id, notes, \
             created_at, updated_at)",
    )
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.tenant_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.withdrawal_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.influencer_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.brand_id).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.gross_amount).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.withholding_rate).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.tax_withheld).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(rows.iter().map(|r| r.net_amount).collect::<Vec<_>>())
    .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.tax_profile_code).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.currency).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.method).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.reference).collect::<Vec<_>>())
    .bind::<Array<Date>, _>(rows.iter().map(|r| r.payment_date).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.paid_by).collect::<Vec<_>>())
    .bind::<Array<Nullable<SqlUuid>>, _>(rows.iter().map(|r| r.batch_id).collect::<Vec<_>>())
    .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.notes).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.updated_at).collect::<Vec<_>>())
    .prepared()
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
