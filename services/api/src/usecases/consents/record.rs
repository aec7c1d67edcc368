//! Recording consents. The hash is always computed here from stored and observed data — the
//! policy checksum, the influencer id, the instant (microseconds), the client address and the
//! user agent — and never taken from the client (`domain.md` §5.3.2).

use std::net::IpAddr;

use afiliados_api_types::consents::PendingConsent;
use afiliados_db::AsyncPgConnection;
use afiliados_db::consents::{Consent, NewConsent};
use afiliados_db::policy_versions::PolicyVersion;
use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::UseCaseError;

/// Where an acceptance came from.
#[derive(Debug, Clone)]
pub struct ConsentOrigin {
    /// The client address (trusted-proxy aware), if known.
    pub ip: Option<IpAddr>,
    /// The `User-Agent` header as received.
    pub user_agent: Option<String>,
    /// `web|api|staff`.
    pub channel: &'static str,
    /// Staff member recording on the person's behalf.
    pub recorded_by: Option<Uuid>,
}

impl ConsentOrigin {
    /// The current request's address and user agent, with `channel`.
    pub fn from_request(channel: &'static str, recorded_by: Option<Uuid>) -> ConsentOrigin {
        let context = crate::request_context::current();
        ConsentOrigin {
            ip: context.as_ref().and_then(|c| c.client_ip),
            user_agent: context.and_then(|c| c.user_agent),
            channel,
            recorded_by,
        }
    }
}

/// PostgreSQL keeps microseconds; the hash must use exactly the stored instant.
fn stored_instant(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(6)
}

/// Records one consent per version (already-accepted versions are skipped) and audits each as
/// `consent.accepted`. Versions must be the active ones; the caller validates that. `now` is the
/// caller's injected clock (`UseCaseContext::now`).
pub async fn record(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
    versions: &[PolicyVersion],
    origin: &ConsentOrigin,
    actor: &AuditActor<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Consent>, UseCaseError> {
    let ids: Vec<Uuid> = versions.iter().map(|v| v.id).collect();
    let already = afiliados_db::consents::live_version_ids(tx, influencer_id, &ids).await?;
    let accepted_at = stored_instant(now);
    let user_agent: Option<String> = origin.user_agent.as_deref().map(|ua| {
        ua.chars()
            .take(afiliados_domain::consent::USER_AGENT_MAX_CHARS)
            .collect()
    });
    let mut recorded = Vec::new();
    for version in versions.iter().filter(|v| !already.contains(&v.id)) {
        let hash = afiliados_domain::consent_hash(
            &version.checksum,
            influencer_id,
            accepted_at,
            origin.ip,
            user_agent.as_deref(),
        );
        let consent = afiliados_db::consents::insert(
            tx,
            &NewConsent {
                id: afiliados_db::new_id(),
                tenant_id,
                influencer_id,
                policy_version_id: version.id,
                accepted_at,
                ip: origin.ip.map(ipnet::IpNet::from),
                user_agent: user_agent.as_deref(),
                consent_hash: &hash,
                channel: origin.channel,
                recorded_by: origin.recorded_by,
            },
        )
        .await?;
        let event = AuditEvent::new("consent.accepted", "consent", consent.id).changes(
            None,
            Some(json!({
                "influencerId": influencer_id,
                "policyVersionId": version.id,
                "policyType": version.policy_type,
                "version": version.version,
                "consentHash": hash,
                "channel": origin.channel,
            })),
        );
        audit::record(tx, tenant_id, actor, event).await?;
        recorded.push(consent);
    }
    Ok(recorded)
}

/// The active versions the influencer still has to accept.
pub async fn pending(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
) -> Result<Vec<PolicyVersion>, diesel::result::Error> {
    afiliados_db::consents::pending_versions(conn, tenant_id, influencer_id).await
}

/// Same, as the API represents them.
pub async fn pending_consents(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_id: Uuid,
) -> Result<Vec<PendingConsent>, diesel::result::Error> {
    Ok(pending(conn, tenant_id, influencer_id)
        .await?
        .into_iter()
        .map(|v| PendingConsent {
            policy_type: v.policy_type,
            policy_version_id: v.id.into(),
            version: v.version,
            title: v.title,
            document_url: v.document_url,
        })
        .collect())
}
