//! `influencers`: the affiliate's profile, KYC identity, encrypted bank account and status.

use afiliados_domain::{BankAccountType, DocumentType, InfluencerStatus};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::influencers;

/// An influencer row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = influencers, check_for_backend(diesel::pg::Pg))]
pub struct Influencer {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Linked user (NULL only after anonymisation).
    pub user_id: Option<Uuid>,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `CC|CE|NIT|PP`.
    pub document_type: DocumentType,
    /// Normalised document number.
    pub document_number: String,
    /// Lower-case email.
    pub email: String,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// ISO country.
    pub country: String,
    /// https URLs.
    pub social_links: Vec<String>,
    /// Tax profile.
    pub tax_profile_id: Option<Uuid>,
    /// Sealed JSON of the bank account (key id inside).
    pub bank_account_ciphertext: Option<Vec<u8>>,
    /// Last four digits of the account number.
    pub bank_account_last4: Option<String>,
    /// `ahorros|corriente`.
    pub bank_account_type: Option<BankAccountType>,
    /// Bank.
    pub bank_name: Option<String>,
    /// `pending|approved|rejected|suspended`.
    pub status: InfluencerStatus,
    /// Rejection or suspension reason.
    pub status_reason: Option<String>,
    /// First approval.
    pub approved_at: Option<DateTime<Utc>>,
    /// Marketing e-mails.
    pub marketing_opt_in: bool,
    /// Anonymised by an ARCO deletion.
    pub anonymized_at: Option<DateTime<Utc>>,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Influencer {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A live influencer of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Influencer>> {
    influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::id.eq(id))
        .filter(influencers::deleted_at.is_null())
        .select(Influencer::as_select())
        .first(conn)
        .await
        .optional()
}

/// Same, locked for a status change or an ARCO resolution.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Influencer>> {
    influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::id.eq(id))
        .filter(influencers::deleted_at.is_null())
        .select(Influencer::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The influencer linked to a user account (the influencer role's own record).
pub async fn find_by_user(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> crate::Result<Option<Influencer>> {
    influencers::table
        .filter(influencers::user_id.eq(user_id))
        .filter(influencers::deleted_at.is_null())
        .select(Influencer::as_select())
        .first(conn)
        .await
        .optional()
}
