//! Writing influencer records: registration inserts, edits and status changes, the uniqueness
//! checks that run before the unique indexes do, the tax profiles an influencer names and the
//! influencer's `status_history` trail.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::Influencer;
use crate::schema::{influencers, status_history, tax_profiles, users};

/// A new influencer (`pending`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = influencers)]
pub struct NewInfluencer {
    /// Id (chosen by the caller: the bank account is sealed with it as associated data).
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// The linked user.
    pub user_id: Option<Uuid>,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `CC|CE|NIT|PP`.
    pub document_type: String,
    /// Normalised number.
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
    /// Sealed bank account JSON.
    pub bank_account_ciphertext: Option<Vec<u8>>,
    /// Last four digits.
    pub bank_account_last4: Option<String>,
    /// `ahorros|corriente`.
    pub bank_account_type: Option<String>,
    /// Bank.
    pub bank_name: Option<String>,
    /// Marketing e-mails.
    pub marketing_opt_in: bool,
}

/// Fields an edit or a status change may set; `None` leaves a column unchanged and
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = influencers)]
pub struct InfluencerChanges {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Document type.
    pub document_type: Option<String>,
    /// Document number.
    pub document_number: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<Option<String>>,
    /// Address.
    pub address: Option<Option<String>>,
    /// City.
    pub city: Option<Option<String>>,
    /// Department.
    pub department: Option<Option<String>>,
    /// Country.
    pub country: Option<String>,
    /// Social links.
    pub social_links: Option<Vec<String>>,
    /// Tax profile.
    pub tax_profile_id: Option<Option<Uuid>>,
    /// Sealed bank account.
    pub bank_account_ciphertext: Option<Option<Vec<u8>>>,
    /// Last four digits.
    pub bank_account_last4: Option<Option<String>>,
    /// Account type.
    pub bank_account_type: Option<Option<String>>,
    /// Bank.
    pub bank_name: Option<Option<String>>,
    /// Status.
    pub status: Option<String>,
    /// Rejection or suspension reason.
    pub status_reason: Option<Option<String>>,
    /// First approval.
    pub approved_at: Option<Option<DateTime<Utc>>>,
    /// Marketing e-mails.
    pub marketing_opt_in: Option<bool>,
}

/// Inserts an influencer.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewInfluencer,
) -> crate::Result<Influencer> {
    diesel::insert_into(influencers::table)
        .values(new)
        .returning(Influencer::as_returning())
        .get_result(conn)
        .await
}

/// Applies changes and bumps `updated_at`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &InfluencerChanges,
) -> crate::Result<Influencer> {
    diesel::update(influencers::table.filter(influencers::id.eq(id)))
        .set((changes, influencers::updated_at.eq(diesel::dsl::now)))
        .returning(Influencer::as_returning())
        .get_result(conn)
        .await
}

/// Whether `email` belongs to another live, non-anonymised influencer or to another live user
/// of the tenant (`domain.md` §5.2.3); `except_*` exclude the record being edited.
pub async fn email_in_use(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    email: &str,
    except_influencer: Option<Uuid>,
    except_user: Option<Uuid>,
) -> crate::Result<bool> {
    let influencer_ids: Vec<Uuid> = influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::email.eq(email))
        .filter(influencers::deleted_at.is_null())
        .filter(influencers::anonymized_at.is_null())
        .select(influencers::id)
        .load(conn)
        .await?;
    if influencer_ids
        .iter()
        .any(|id| Some(*id) != except_influencer)
    {
        return Ok(true);
    }
    let user_ids: Vec<Uuid> = users::table
        .filter(users::tenant_id.eq(tenant_id))
        .filter(users::email.eq(email))
        .filter(users::deleted_at.is_null())
        .select(users::id)
        .load(conn)
        .await?;
    Ok(user_ids.iter().any(|id| Some(*id) != except_user))
}

/// Whether another live, non-anonymised influencer holds this document.
pub async fn document_in_use(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    document_type: &str,
    document_number: &str,
    except_influencer: Option<Uuid>,
) -> crate::Result<bool> {
    let ids: Vec<Uuid> = influencers::table
        .filter(influencers::tenant_id.eq(tenant_id))
        .filter(influencers::document_type.eq(document_type))
        .filter(influencers::document_number.eq(document_number))
        .filter(influencers::deleted_at.is_null())
        .filter(influencers::anonymized_at.is_null())
        .select(influencers::id)
        .load(conn)
        .await?;
    Ok(ids.iter().any(|id| Some(*id) != except_influencer))
}

/// Changes a user's sign-in email (an influencer's email edit carries over to its account).
pub async fn set_user_email(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    email: &str,
) -> crate::Result<()> {
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set((
            users::email.eq(email),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A tax profile as an influencer record names it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tax_profiles, check_for_backend(diesel::pg::Pg))]
pub struct TaxProfileRef {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Withholding percent.
    pub withholding_rate: Decimal,
    /// Selectable for new records.
    pub active: bool,
}

/// The active tax profile with this code.
pub async fn active_tax_profile(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    code: &str,
) -> crate::Result<Option<TaxProfileRef>> {
    tax_profiles::table
        .filter(tax_profiles::tenant_id.eq(tenant_id))
        .filter(tax_profiles::code.eq(code))
        .filter(tax_profiles::active.eq(true))
        .select(TaxProfileRef::as_select())
        .first(conn)
        .await
        .optional()
}

/// A tax profile by id (active or not: an influencer keeps the one it had).
pub async fn tax_profile(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<TaxProfileRef>> {
    tax_profiles::table
        .filter(tax_profiles::id.eq(id))
        .select(TaxProfileRef::as_select())
        .first(conn)
        .await
        .optional()
}

/// One row of an influencer's status trail.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = status_history, check_for_backend(diesel::pg::Pg))]
pub struct StatusHistoryRow {
    /// Id.
    pub id: Uuid,
    /// Previous status.
    pub from_status: Option<String>,
    /// New status.
    pub to_status: String,
    /// Why.
    pub reason: Option<String>,
    /// Who.
    pub actor: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// An influencer's transitions, oldest first.
pub async fn status_history(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
) -> crate::Result<Vec<StatusHistoryRow>> {
    status_history::table
        .filter(status_history::tenant_id.eq(tenant_id))
        .filter(status_history::entity_type.eq("influencer"))
        .filter(status_history::entity_id.eq(influencer_id))
        .order((status_history::occurred_at.asc(), status_history::id.asc()))
        .select(StatusHistoryRow::as_select())
        .load(conn)
        .await
}
