//! The signed-in user's own profile.

use afiliados_api_types::auth::{Profile, UpdateProfileRequest};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use afiliados_domain::{Actor, FieldCode, Locale};

use super::password::account;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The actor's Profile representation.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn profile(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<Profile, UseCaseError> {
    let user = account(tx, ctx, actor).await?;
    let two_factor_enabled = afiliados_db::totp::find(tx, actor.user_id)
        .await?
        .is_some_and(|t| t.status == afiliados_domain::TotpStatus::Enabled);
    // Staff are not subject to policy consent (§5.3.4); only a linked influencer has pending ones.
    let influencer = afiliados_db::influencers::find_by_user(tx, actor.user_id)
        .await?
        .filter(|influencer| influencer.anonymized_at.is_none());
    let pending_consents = match &influencer {
        Some(influencer) => {
            crate::usecases::consents::pending_consents(tx, ctx.tenant_id, influencer.id).await?
        }
        None => Vec::new(),
    };
    Ok(Profile {
        id: user.id.into(),
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        roles: actor.roles.clone(),
        brand_ids: afiliados_domain::ids::typed(actor.brand_ids.clone()),
        tenant_id: user.tenant_id.into(),
        locale: user.locale,
        status: user.status,
        two_factor_enabled,
        two_factor_required: super::two_factor::mandatory_for(ctx.settings, &actor.roles),
        influencer_id: influencer.as_ref().map(|i| i.id).map(Into::into),
        influencer_status: influencer.map(|i| i.status),
        pending_consents,
        last_login_at: user.last_login_at,
        session_id: actor.session_id.map(Into::into),
    })
}

/// Checks a person's name: 2–60 characters after trimming.
pub fn check_name(field: &str, value: &str, problems: &mut Problems) {
    let length = value.trim().chars().count();
    if length < 2 {
        problems.push(field, FieldCode::TooShort);
    } else if length > 60 {
        problems.push(field, FieldCode::TooLong);
    }
}

/// Checks a locale.
pub fn check_locale(value: &str, problems: &mut Problems) {
    if Locale::parse(value).is_none() {
        problems.push("locale", FieldCode::InvalidEnum);
    }
}

/// `PATCH /auth/profile`: names and locale only; answers the updated profile.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: UpdateProfileRequest,
) -> Result<Profile, UseCaseError> {
    let mut problems = Problems::new();
    if let Some(v) = &request.first_name {
        check_name("firstName", v, &mut problems);
    }
    if let Some(v) = &request.last_name {
        check_name("lastName", v, &mut problems);
    }
    if let Some(v) = &request.locale {
        check_locale(v, &mut problems);
    }
    problems.finish()?;
    let user = account(tx, ctx, actor).await?;
    let changes = UserChanges {
        first_name: request.first_name.map(|v| v.trim().to_owned()),
        last_name: request.last_name.map(|v| v.trim().to_owned()),
        locale: request.locale,
        ..UserChanges::default()
    };
    let before = serde_json::json!({ "firstName": user.first_name, "lastName": user.last_name, "locale": user.locale });
    let updated = afiliados_db::users::update(tx, actor.user_id, &changes).await?;
    let after = serde_json::json!({ "firstName": updated.first_name, "lastName": updated.last_name, "locale": updated.locale });
    let event =
        AuditEvent::new("user.updated", "user", actor.user_id).changes(Some(before), Some(after));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    profile(tx, ctx, actor).await
}
