//! `bank_account_changes`: bank account changes made by staff that wait for a second user's
//! confirmation (ADR 0018). At most one is pending per influencer; deciding a change drops its
//! sealed copy and keeps the columns that may be shown.

use afiliados_domain::{BankAccountChangeStatus, BankAccountType};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::bank_account_changes;

/// A change row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bank_account_changes, check_for_backend(diesel::pg::Pg))]
pub struct BankAccountChange {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The influencer whose account changes.
    pub influencer_id: Uuid,
    /// The staff user who asked for it.
    pub requested_by: Uuid,
    /// Their e-mail (how audit rows name them).
    pub requested_by_email: String,
    /// When it was asked for (the injected clock).
    pub requested_at: DateTime<Utc>,
    /// The change removes the account.
    pub removes_account: bool,
    /// The new account sealed for the influencer (until decided).
    pub bank_account_ciphertext: Option<Vec<u8>>,
    /// Last four digits of the new account.
    pub bank_account_last4: Option<String>,
    /// `ahorros|corriente`.
    pub bank_account_type: Option<BankAccountType>,
    /// Bank.
    pub bank_name: Option<String>,
    /// `pending|confirmed|rejected|superseded`.
    pub status: BankAccountChangeStatus,
    /// Who confirmed or rejected it.
    pub decided_by: Option<Uuid>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Stored.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A new pending change.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = bank_account_changes)]
pub struct NewBankAccountChange {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Requester.
    pub requested_by: Uuid,
    /// Requester's e-mail.
    pub requested_by_email: String,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// Removes the account.
    pub removes_account: bool,
    /// Sealed new account.
    pub bank_account_ciphertext: Option<Vec<u8>>,
    /// Last four digits.
    pub bank_account_last4: Option<String>,
    /// Account type.
    pub bank_account_type: Option<String>,
    /// Bank.
    pub bank_name: Option<String>,
}

/// The influencer's pending change, if any (`lock` for a decision).
pub async fn pending(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    lock: bool,
) -> crate::Result<Option<BankAccountChange>> {
    let query = bank_account_changes::table
        .filter(bank_account_changes::tenant_id.eq(tenant_id))
        .filter(bank_account_changes::influencer_id.eq(influencer_id))
        .filter(bank_account_changes::status.eq(BankAccountChangeStatus::Pending))
        .select(BankAccountChange::as_select());
    if lock {
        query.for_update().first(conn).await.optional()
    } else {
        query.first(conn).await.optional()
    }
}

/// Stores a pending change.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    change: &NewBankAccountChange,
) -> crate::Result<BankAccountChange> {
    diesel::insert_into(bank_account_changes::table)
        .values(change)
        .returning(BankAccountChange::as_returning())
        .get_result(conn)
        .await
}

/// Closes the influencer's pending change as `superseded` (a newer request, or the influencer's
/// own change, replaced it); returns how many were closed (0 or 1).
pub async fn supersede(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<usize> {
    diesel::update(
        bank_account_changes::table
            .filter(bank_account_changes::influencer_id.eq(influencer_id))
            .filter(bank_account_changes::status.eq(BankAccountChangeStatus::Pending)),
    )
    .set((
        bank_account_changes::status.eq(BankAccountChangeStatus::Superseded),
        bank_account_changes::decided_at.eq(Some(at)),
        bank_account_changes::bank_account_ciphertext.eq(None::<Vec<u8>>),
        bank_account_changes::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await
}

/// Records the decision (`confirmed|rejected`) and drops the sealed copy.
pub async fn decide(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: BankAccountChangeStatus,
    decided_by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<BankAccountChange> {
    diesel::update(bank_account_changes::table.find(id))
        .set((
            bank_account_changes::status.eq(status),
            bank_account_changes::decided_by.eq(Some(decided_by)),
            bank_account_changes::decided_at.eq(Some(at)),
            bank_account_changes::bank_account_ciphertext.eq(None::<Vec<u8>>),
            bank_account_changes::updated_at.eq(diesel::dsl::now),
        ))
        .returning(BankAccountChange::as_returning())
        .get_result(conn)
        .await
}
