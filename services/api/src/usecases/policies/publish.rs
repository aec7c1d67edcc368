//! Publishing a policy version: the previous one of its type is deactivated in the same
//! transaction, every user is notified, every active influencer is e-mailed, and from then on
//! influencers have the new version pending.

use afiliados_api_types::policies::{PolicyVersionResponse, PublishPolicyRequest};
use afiliados_api_types::{ApiErrorCode, FieldError};
use afiliados_db::AsyncPgConnection;
use afiliados_db::policy_versions::NewPolicyVersion;
use afiliados_email_messages::PolicyUpdated;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{POLICY_TYPES, parse_version, response};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::{ApiError, field_message};
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::emails::{QueuedEmail, queue};

fn problem(errors: &mut Vec<FieldError>, field: &str, code: &str) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: field_message(code),
    });
}

/// Validates the request; returns the normalised type, the parsed version and the checksum.
/// `now` refuses a `publishedAt` in the future.
pub fn validate(
    policy_type: &str,
    request: &PublishPolicyRequest,
    now: DateTime<Utc>,
) -> Result<(String, (i32, i32), String), ApiError> {
    let policy_type = policy_type.to_lowercase();
    let mut errors = Vec::new();
    if !POLICY_TYPES.contains(&policy_type.as_str()) {
        problem(&mut errors, "policyType", "invalid_enum");
    }
    let version = parse_version(request.version.trim());
    if version.is_none() {
        problem(&mut errors, "version", "invalid_format");
    }
    let title_length = request.title.trim().chars().count();
    if title_length < 3 {
        problem(&mut errors, "title", "too_short");
    } else if title_length > 200 {
        problem(&mut errors, "title", "too_long");
    }
    let text_length = request.document_text.chars().count();
    if text_length == 0 {
        problem(&mut errors, "documentText", "required");
    } else if text_length > 200_000 {
        problem(&mut errors, "documentText", "too_long");
    }
    if let Some(url) = &request.document_url
        && !url::Url::parse(url).is_ok_and(|u| u.scheme() == "https")
    {
        problem(&mut errors, "documentUrl", "invalid_format");
    }
    let checksum = afiliados_crypto::sha256_hex(request.document_text.as_bytes());
    if let Some(given) = &request.checksum
        && given.trim().to_lowercase() != checksum
    {
        problem(&mut errors, "checksum", "checksum_mismatch");
    }
    if request.published_at.is_some_and(|at| at > now) {
        problem(&mut errors, "publishedAt", "in_future");
    }
    match version {
        Some(version) if errors.is_empty() => Ok((policy_type, version, checksum)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Publishes inside the caller's transaction.
pub async fn publish(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    admin: &CurrentUser,
    policy_type: &str,
    (major, minor): (i32, i32),
    checksum: &str,
    request: &PublishPolicyRequest,
) -> Result<PolicyVersionResponse, ApiError> {
    let version = format!("{major}.{minor}");
    if afiliados_db::policy_versions::find_version(tx, state.tenant_id, policy_type, &version)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(ApiErrorCode::PolicyVersionExists));
    }
    let previous =
        afiliados_db::policy_versions::active_for_update(tx, state.tenant_id, policy_type).await?;
    if let Some(active) = &previous {
        if (major, minor) <= (active.version_major, active.version_minor) {
            return Err(ApiError::Conflict(
                ApiErrorCode::VersionNotGreater,
                vec![json!({ "activeVersion": active.version })],
            ));
        }
        afiliados_db::policy_versions::deactivate(tx, active.id).await?;
    }
    let default_url = format!(
        "{}/api/v1/public/policies/{policy_type}/versions/{version}/document",
        state.settings.api_public_url.trim_end_matches('/')
    );
    let row = afiliados_db::policy_versions::insert(
        tx,
        &NewPolicyVersion {
            id: afiliados_db::new_id(),
            tenant_id: state.tenant_id,
            policy_type,
            version: &version,
            version_major: major,
            version_minor: minor,
            title: request.title.trim(),
            document_text: &request.document_text,
            document_url: request.document_url.as_deref().unwrap_or(&default_url),
            checksum,
            published_at: request.published_at.unwrap_or_else(|| state.now()),
            is_active: true,
            published_by: Some(admin.id()),
            notes: request.notes.as_deref(),
        },
    )
    .await?;
    let recipients = afiliados_db::users::active_with_roles(tx, state.tenant_id).await?;
    let notice = json!({ "policyType": policy_type, "version": version, "policyVersionId": row.id, "title": row.title });
    for (user, roles) in &recipients {
        afiliados_db::notifications::insert(
            tx,
            state.tenant_id,
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
                state.tenant_id,
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
    let event = AuditEvent::new("policy.published", "policy_version", response.id).changes(
        previous.map(|p| json!({ "activeVersion": p.version, "id": p.id })),
        serde_json::to_value(&response).ok(),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(admin), event).await?;
    Ok(response)
}
