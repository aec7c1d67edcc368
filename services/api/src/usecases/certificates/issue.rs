//! Issuing and downloading a consent certificate: created and stored on the first request (audit
//! `certificate.issued`), then served unchanged (audit `certificate.downloaded`).

use afiliados_api_types::consents::ConsentCertificate;
use afiliados_db::AsyncPgConnection;
use afiliados_db::consent_certificates::NewConsentCertificate;
use afiliados_db::policy_versions::PolicyVersion;
use afiliados_domain::Actor;
use chrono::SubsecRound;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::certificates::json::{CertificateFacts, build, with_checksum};
use crate::usecases::consents::scope::readable_influencer;
use crate::usecases::{UseCaseContext, UseCaseError};

/// How the certificate is being downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The JSON document.
    Json,
    /// Its PDF rendering.
    Pdf,
}

/// A certificate ready to serve.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The certificate exactly as stored, with its checksum.
    pub body: serde_json::Value,
    /// The same, typed (for the PDF).
    pub certificate: ConsentCertificate,
    /// The accepted version (its text is the PDF appendix).
    pub version: PolicyVersion,
}

/// Loads or creates the certificate of the consent of an influencer the actor may read (see
/// [`readable_influencer`]) to `policy_version_id`, and audits the request. 404 when there is no
/// such consent.
#[tracing::instrument(skip_all, fields(
    actor.id = %actor.user_id,
    influencer.id = %influencer_id,
    policy_version.id = %policy_version_id,
))]
pub async fn certificate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
    policy_version_id: Uuid,
    format: Format,
) -> Result<Issued, UseCaseError> {
    let influencer = &readable_influencer(tx, ctx, actor, influencer_id).await?;
    let (consent, version) =
        afiliados_db::consents::find_for_version(tx, influencer.id, policy_version_id)
            .await?
            .ok_or(UseCaseError::NotFound)?;
    let (row, created) =
        match afiliados_db::consent_certificates::find_by_consent(tx, consent.id).await? {
            Some(row) => (row, false),
            None => {
                let tenant = afiliados_db::tenants::find_by_slug(tx, &ctx.settings.tenant_slug)
                    .await?
                    .ok_or_else(|| UseCaseError::internal("tenant missing"))?;
                // PostgreSQL keeps microseconds: the stored instant equals the payload's.
                let issued_at = ctx.now().trunc_subsecs(6);
                let (certificate, payload) = build(CertificateFacts {
                    certificate_id: afiliados_db::new_id(),
                    issued_at,
                    tenant: &tenant,
                    influencer,
                    version: &version,
                    consent: &consent,
                })?;
                afiliados_db::consent_certificates::insert_or_existing(
                    tx,
                    &NewConsentCertificate {
                        id: certificate.certificate_id,
                        consent_id: consent.id,
                        issued_at,
                        payload: &payload,
                        checksum: &certificate.checksum,
                    },
                )
                .await?
            }
        };
    let body = with_checksum(&row.payload, &row.checksum);
    let certificate: ConsentCertificate =
        serde_json::from_value(body.clone()).map_err(anyhow::Error::from)?;
    let facts = json!({
        "consentId": consent.id,
        "influencerId": influencer.id,
        "policyVersionId": version.id,
        "checksum": row.checksum,
        "format": if format == Format::Pdf { "pdf" } else { "json" },
    });
    if created {
        let event = AuditEvent::new("certificate.issued", "consent_certificate", row.id)
            .changes(None, Some(facts.clone()));
        audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    }
    if !created || format == Format::Pdf {
        let event = AuditEvent::new("certificate.downloaded", "consent_certificate", row.id)
            .changes(None, Some(facts));
        audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    }
    Ok(Issued {
        body,
        certificate,
        version,
    })
}
