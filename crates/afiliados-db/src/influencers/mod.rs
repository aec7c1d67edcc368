//! `influencers`: the affiliate's profile, KYC identity, encrypted bank account and status, and
//! the ARCO changes to them (rectification, suspension, anonymisation) — the row and its lookups
//! here, writes and uniqueness checks in [`write`], the list's filters and counts in [`search`].

pub mod search;
pub mod write;

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
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Influencer>> {
    influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::id.eq(id))
        .filter(influencers::deleted_at.is_null())
        .select(Influencer::as_select())
        .first(&mut conn)
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
    mut conn: &AsyncPgConnection,
    user_id: Uuid,
) -> crate::Result<Option<Influencer>> {
    influencers::table
        .filter(influencers::user_id.eq(user_id))
        .filter(influencers::deleted_at.is_null())
        .select(Influencer::as_select())
        .first(&mut conn)
        .await
        .optional()
}

/// The name every anonymised person gets (first and last name).
pub const ANONYMIZED_NAME: &str = "Anonimizado";

/// Validated profile corrections (outer `None` = unchanged; inner `None` clears).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = influencers)]
pub struct InfluencerCorrections {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Lower-case email.
    pub email: Option<String>,
    /// `CC|CE|NIT|PP`.
    pub document_type: Option<String>,
    /// Normalised number.
    pub document_number: Option<String>,
    /// E.164 phone.
    pub phone: Option<Option<String>>,
    /// Address.
    pub address: Option<Option<String>>,
    /// City.
    pub city: Option<Option<String>>,
    /// Department.
    pub department: Option<Option<String>>,
    /// https URLs.
    pub social_links: Option<Vec<String>>,
}

impl InfluencerCorrections {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.email.is_none()
            && self.document_type.is_none()
            && self.document_number.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.city.is_none()
            && self.department.is_none()
            && self.social_links.is_none()
    }
}

/// Applies corrections (unique indexes answer duplicates of email or document).
pub async fn correct(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    corrections: &InfluencerCorrections,
) -> crate::Result<Influencer> {
    diesel::update(influencers::table.find(id))
        .set((corrections, influencers::updated_at.eq(diesel::dsl::now)))
        .returning(Influencer::as_returning())
        .get_result(conn)
        .await
}

/// Sets an influencer's status and reason.
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: &str,
    reason: Option<&str>,
) -> crate::Result<Influencer> {
    diesel::update(influencers::table.find(id))
        .set((
            influencers::status.eq(status),
            influencers::status_reason.eq(reason),
            influencers::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Influencer::as_returning())
        .get_result(conn)
        .await
}

/// The anonymised e-mail of an influencer: `anon-<id>@invalid.local`.
pub fn anonymized_email(influencer_id: Uuid) -> String {
    format!("anon-{}@invalid.local", influencer_id.hyphenated())
}

/// The anonymised document number: `ANON-<first 8 characters of the id>`.
pub fn anonymized_document(influencer_id: Uuid) -> String {
    let id = influencer_id.hyphenated().to_string();
    format!("ANON-{}", id.get(..8).unwrap_or(&id))
}

/// Replaces every personal field of the influencer: names, email, document, contact data,
/// social links, bank data and tax profile; sets `anonymized_at`. The user link stays so the
/// accounting records keep pointing at the same (now anonymous) person.
pub async fn anonymize(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Influencer> {
    diesel::update(influencers::table.find(id))
        .set((
            influencers::first_name.eq(ANONYMIZED_NAME),
            influencers::last_name.eq(ANONYMIZED_NAME),
            influencers::email.eq(anonymized_email(id)),
            influencers::document_number.eq(anonymized_document(id)),
            influencers::phone.eq(None::<String>),
            influencers::address.eq(None::<String>),
            influencers::city.eq(None::<String>),
            influencers::department.eq(None::<String>),
            influencers::social_links.eq(Vec::<String>::new()),
            influencers::tax_profile_id.eq(None::<Uuid>),
            influencers::bank_account_ciphertext.eq(None::<Vec<u8>>),
            influencers::bank_account_last4.eq(None::<String>),
            influencers::bank_account_type.eq(None::<String>),
            influencers::bank_name.eq(None::<String>),
            influencers::marketing_opt_in.eq(false),
            influencers::anonymized_at.eq(diesel::dsl::now),
            influencers::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Influencer::as_returning())
        .get_result(conn)
        .await
}
