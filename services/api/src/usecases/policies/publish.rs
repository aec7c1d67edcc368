//! Publishing a policy version: the previous one of its type is deactivated in the same
//! transaction, every user is notified, every active influencer is e-mailed, and from then on
//! influencers have the new version pending.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::policies::{PolicyVersionResponse, PublishPolicyRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::policy_versions::NewPolicyVersion;
use afiliados_domain::{Actor, FieldCode, Role};
use afiliados_email_messages::PolicyUpdated;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{POLICY_TYPES, parse_version, response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// A request that passed every rule.
#[derive(Debug, Clone)]
pub struct ValidVersion {
    /// The normalised (lower-case) type.
    pub policy_type: String,
    /// `(major, minor)`.
    pub version: (i32, i32),
    /// SHA-256 of the text.
    pub checksum: String,
}

/// Validates the request, every problem at once; `now` refuses a `publishedAt` in the future.
pub fn validate(
    policy_type: &str,
    request: &PublishPolicyRequest,
    now: DateTime<Utc>,
) -> Result<ValidVersion, UseCaseError> {
    let policy_type = policy_type.to_lowercase();
    let mut problems = Problems::new();
    if !POLICY_TYPES.contains(&policy_type.as_str()) {
        problems.push("policyType", FieldCode::InvalidEnum);
    }
    let version = parse_version(request.version.trim());
    if version.is_none() {
        problems.push("version", FieldCode::InvalidFormat);
    }
    let title_length = request.title.trim().chars().count();
    if title_length < 3 {
        problems.push("title", FieldCode::TooShort);
    } else if title_length > 200 {
        problems.push("title", FieldCode::TooLong);
    }
    let text_length = request.document_text.chars().count();
    if text_length == 0 {
        problems.push("documentText", FieldCode::Required);
    } else if text_length > 200_000 {
        problems.push("documentText", FieldCode::TooLong);
    }
    if let Some(url) = &request.document_url
        && !url::Url::parse(url).is_ok_and(|u| u.scheme() == "https")
    {
        problems.push("documentUrl", FieldCode::InvalidFormat);
    }
    let checksum = afiliados_crypto::sha256_hex(request.document_text.as_bytes());
    if let Some(given) = &request.checksum
        && given.trim().to_lowercase() != checksum
    {
        problems.push("checksum", FieldCode::ChecksumMismatch);
    }
    if request.published_at.is_some_and(|at| at > now) {
        problems.push("publishedAt", FieldCode::InFuture);
    }
    problems.finish()?;
    let version = version.ok_or_else(|| UseCaseError::internal("version checked above"))?;
    Ok(ValidVersion {
        policy_type,
        version,
        checksum,
    })
}

/// `POST /policies/{type}/versions` (admin_dentsu): publishes a new version; the previous one of
/// its type stops being active.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, policy_version.id = tracing::field::Empty))]
pub async fn publish(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    policy_type: &str,
    request: &PublishPolicyRequest,
) -> Result<PolicyVersionResponse, UseCaseError> {
    actor.require_any(&[Role::AdminDentsu])?;
    let ValidVersion {
        policy_type,
        version: (major, minor),
        checksum,
    } = validate(policy_type, request, ctx.now())?;
    let policy_type = policy_type.as_str();
    let checksum = checksum.as_str();
    let version = format!("{major}.{minor}");
    if afiliados_db::policy_versions::find_version(tx, ctx.tenant_id, policy_type, &version)
        .await?
        .is_some()
    {
        return Err(UseCaseError::conflict(ErrorCode::PolicyVersionExists));
    }
    let previous =
        afiliados_db::policy_versions::active_for_update(tx, ctx.tenant_id, policy_type).await?;
    if let Some(active) = &previous {
        if (major, minor) <= (active.version_major, active.version_minor) {
            return Err(UseCaseError::conflict_with(
                ErrorCode::VersionNotGreater,
                json!({ "activeVersion": active.version }),
            ));
        }
        afiliados_db::policy_versions::deactivate(tx, active.id).await?;
    }
    let default_url = format!(
        "{}/api/v1/public/policies/{policy_type}/versions/{version}/document",
        ctx.settings.api_public_url.trim_end_matches('/')
    );
    let row = afiliados_db::policy_versions::insert(
        tx,
        &NewPolicyVersion {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            policy_type,
            version: &version,
            version_major: major,
            version_minor: minor,
            title: request.title.trim(),
            document_text: &request.document_text,
            document_url: request.document_url.as_deref().unwrap_or(&default_url),
            checksum,
            published_at: request.published_at.unwrap_or_else(|| ctx.now()),
            is_active: true,
            published_by: Some(actor.user_id),
            notes: request.notes.as_deref(),
        },
    )
    .await?;
    let recipients = afiliados_db::users::active_with_roles(tx, ctx.tenant_id).await?;
    let notice = json!({ "policyType": policy_type, "version": version, "policyVersionId": row.id, "title": row.title });
    for (user, roles) in &recipients {
        afiliados_db::notifications::insert(
            tx,
            ctx.tenant_id,
            user.id,
            "policy.updated",
            "info",
            &notice,
        )
        .await?;
        if roles.iter().any(|r| r == "influencer") {
            let message = PolicyUpdated {
                first_name: user.first_name.clone(),
                policy_title: row.title.clone(),
                version: version.clone(),
                link: row.document_url.clone(),
            };
            queue(
                tx,
                ctx.tenant_id,
                QueuedEmail {
                    recipient: &user.email,
                    recipient_user_id: Some(user.id),
                    locale: user.locale.as_str(),
                    message: message.into(),
                },
            )
            .await?;
        }
    }
    let response = response(row);
    tracing::Span::current().record("policy_version.id", tracing::field::display(response.id));
    let event = AuditEvent::new("policy.published", "policy_version", response.id).changes(
        previous.map(|p| json!({ "activeVersion": p.version, "id": p.id })),
        serde_json::to_value(&response).ok(),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(response)
}
