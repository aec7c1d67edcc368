//! Changing what is held about one person on an ARCO resolution (`domain.md` §5.3.5):
//! rectification of profile fields, suspension, anonymisation of the influencer and its user,
//! disabling codes, cancelling pending e-mails and marking purged documents.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::influencers::Influencer;
use crate::schema::{discount_codes, documents, email_outbox, influencers, users};

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
pub async fn correct_influencer(
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
pub async fn set_influencer_status(
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
pub async fn anonymize_influencer(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Influencer> {
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

/// Changes a user's sign-in e-mail (a rectified influencer e-mail).
pub async fn set_user_email(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    email: &str,
) -> crate::Result<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(email),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Turns the user into a `deleted`, anonymous account: names and e-mail replaced, password and
/// lockout removed. The row stays (audit rows and accounting point at it).
pub async fn anonymize_user(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    email: &str,
) -> crate::Result<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(email),
            users::first_name.eq(ANONYMIZED_NAME),
            users::last_name.eq(ANONYMIZED_NAME),
            users::password_hash.eq(None::<String>),
            users::status.eq("deleted"),
            users::status_reason.eq("arco_deletion"),
            users::locked_until.eq(None::<chrono::DateTime<chrono::Utc>>),
            users::failed_login_count.eq(0),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Switches off every enabled code of an influencer with `reason`; answers their ids.
pub async fn disable_codes(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    reason: &str,
) -> crate::Result<Vec<Uuid>> {
    diesel::update(discount_codes::table)
        .filter(discount_codes::influencer_id.eq(influencer_id))
        .filter(discount_codes::enabled.eq(true))
        .set((
            discount_codes::enabled.eq(false),
            discount_codes::disabled_at.eq(diesel::dsl::now),
            discount_codes::disabled_reason.eq(reason),
            discount_codes::updated_at.eq(diesel::dsl::now),
        ))
        .returning(discount_codes::id)
        .get_results(conn)
        .await
}

/// Cancels e-mails not yet sent to a person (by user or by address); answers how many.
pub async fn cancel_pending_emails(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
    address: &str,
) -> crate::Result<usize> {
    let query = diesel::update(email_outbox::table)
        .filter(email_outbox::tenant_id.eq(tenant_id))
        .filter(email_outbox::status.eq("pending"))
        .into_boxed();
    let query = match user_id {
        Some(user_id) => query.filter(
            email_outbox::recipient
                .eq(address.to_owned())
                .or(email_outbox::recipient_user_id.eq(user_id)),
        ),
        None => query.filter(email_outbox::recipient.eq(address.to_owned())),
    };
    query
        .set((
            email_outbox::status.eq("cancelled"),
            email_outbox::next_attempt_at.eq(None::<chrono::DateTime<chrono::Utc>>),
            email_outbox::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

/// Marks documents purged (their objects deleted from storage) and deleted.
pub async fn mark_documents_purged(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<usize> {
    diesel::update(documents::table)
        .filter(documents::id.eq_any(ids))
        .set((
            documents::purged_at.eq(diesel::dsl::now),
            documents::deleted_at.eq(diesel::dsl::now),
            documents::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}
