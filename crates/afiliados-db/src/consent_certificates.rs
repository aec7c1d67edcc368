//! `consent_certificates`: one stored certificate per consent, created on first request and then
//! served unchanged (`domain.md` §5.3.3).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{consent_certificates, consents};

/// A certificate row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consent_certificates, check_for_backend(diesel::pg::Pg))]
pub struct ConsentCertificate {
    /// The certificate id (`certificateId`).
    pub id: Uuid,
    /// The certified consent.
    pub consent_id: Uuid,
    /// When issued (`issuedAt`).
    pub issued_at: DateTime<Utc>,
    /// The certificate without its `checksum` member.
    pub payload: serde_json::Value,
    /// SHA-256 of the canonical JSON of `payload`.
    pub checksum: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed (never, in practice).
    pub updated_at: DateTime<Utc>,
}

/// A certificate to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = consent_certificates)]
pub struct NewConsentCertificate<'a> {
    /// Id.
    pub id: Uuid,
    /// Consent.
    pub consent_id: Uuid,
    /// Issue instant (the payload's `issuedAt`).
    pub issued_at: DateTime<Utc>,
    /// Payload without checksum.
    pub payload: &'a serde_json::Value,
    /// Checksum.
    pub checksum: &'a str,
}

/// The certificate of a consent, if issued.
pub async fn find_by_consent(
    conn: &mut AsyncPgConnection,
    consent_id: Uuid,
) -> crate::Result<Option<ConsentCertificate>> {
    consent_certificates::table
        .filter(consent_certificates::consent_id.eq(consent_id))
        .select(ConsentCertificate::as_select())
        .first(conn)
        .await
        .optional()
}

/// A certificate of the tenant by id.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<ConsentCertificate>> {
    consent_certificates::table
        .inner_join(consents::table)
        .filter(consents::tenant_id.eq(tenant_id))
        .filter(consent_certificates::id.eq(id))
        .select(ConsentCertificate::as_select())
        .first(conn)
        .await
        .optional()
}

/// Stores a certificate unless the consent already has one (a concurrent first request); either
/// way answers the stored one.
pub async fn insert_or_existing(
    conn: &mut AsyncPgConnection,
    new: &NewConsentCertificate<'_>,
) -> crate::Result<(ConsentCertificate, bool)> {
    let inserted = diesel::insert_into(consent_certificates::table)
        .values(new)
        .on_conflict(consent_certificates::consent_id)
        .do_nothing()
        .returning(ConsentCertificate::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(row) => Ok((row, true)),
        None => consent_certificates::table
            .filter(consent_certificates::consent_id.eq(new.consent_id))
            .select(ConsentCertificate::as_select())
            .first(conn)
            .await
            .map(|row| (row, false)),
    }
}

/// `(consent id, certificate id)` for the consents listed that have a certificate.
pub async fn ids_for_consents(
    conn: &mut AsyncPgConnection,
    consent_ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, Uuid)>> {
    consent_certificates::table
        .filter(consent_certificates::consent_id.eq_any(consent_ids))
        .select((consent_certificates::consent_id, consent_certificates::id))
        .load(conn)
        .await
}

/// Deletes the stored certificates of an influencer's consents (an anonymisation: they hold the
/// person's name, e-mail and masked document). The consents themselves stay, linked by hash.
pub async fn delete_for_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<usize> {
    let own = consents::table
        .filter(consents::influencer_id.eq(influencer_id))
        .select(consents::id);
    diesel::delete(consent_certificates::table)
        .filter(consent_certificates::consent_id.eq_any(own))
        .execute(conn)
        .await
}
