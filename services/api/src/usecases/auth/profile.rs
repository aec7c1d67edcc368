//! The signed-in user's own profile.

use afiliados_api_types::FieldError;
use afiliados_api_types::auth::{Profile, UpdateProfileRequest};
use afiliados_db::users::UserChanges;
use afiliados_domain::Locale;
use diesel_async::AsyncConnection;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::{ApiError, field_message};
use crate::extract::CurrentUser;
use crate::state::AppState;

/// Builds the Profile representation.
pub async fn profile(state: &AppState, user: &CurrentUser) -> Result<Profile, ApiError> {
    let mut conn = state.conn().await?;
    let two_factor_enabled = afiliados_db::totp::find(&mut conn, user.id())
        .await?
        .is_some_and(|t| t.status == "enabled");
    // Staff are not subject to policy consent (§5.3.4); only a linked influencer has pending ones.
    let influencer = afiliados_db::influencers::find_by_user(&mut conn, user.id())
        .await?
        .filter(|influencer| influencer.anonymized_at.is_none());
    let pending_consents = match &influencer {
        Some(influencer) => {
            crate::usecases::consents::pending_consents(&mut conn, state.tenant_id, influencer.id)
                .await?
        }
        None => Vec::new(),
    };
    Ok(Profile {
        id: user.id(),
        email: user.user.email.clone(),
        first_name: user.user.first_name.clone(),
        last_name: user.user.last_name.clone(),
        roles: user.roles.clone(),
        brand_ids: user.brand_ids.clone(),
        tenant_id: user.user.tenant_id,
        locale: user.user.locale.clone(),
        status: user.user.status.clone(),
        two_factor_enabled,
        two_factor_required: super::two_factor::mandatory_for(state, &user.roles),
        influencer_id: influencer.as_ref().map(|i| i.id),
        influencer_status: influencer.map(|i| i.status),
        pending_consents,
        last_login_at: user.user.last_login_at,
        session_id: user.session_id,
    })
}

/// Checks a person's name: 2–60 characters after trimming.
pub fn check_name(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    let length = value.trim().chars().count();
    let code = if length < 2 {
        Some("too_short")
    } else if length > 60 {
        Some("too_long")
    } else {
        None
    };
    if let Some(code) = code {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: field_message(code),
        });
    }
}

/// Checks a locale.
pub fn check_locale(value: &str, errors: &mut Vec<FieldError>) {
    if Locale::parse(value).is_none() {
        errors.push(FieldError {
            field: "locale".into(),
            code: "invalid_enum".into(),
            message: field_message("invalid_enum"),
        });
    }
}

/// `PATCH /auth/profile`: names and locale only.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    request: UpdateProfileRequest,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(v) = &request.first_name {
        check_name("firstName", v, &mut errors);
    }
    if let Some(v) = &request.last_name {
        check_name("lastName", v, &mut errors);
    }
    if let Some(v) = &request.locale {
        check_locale(v, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let changes = UserChanges {
        first_name: request.first_name.map(|v| v.trim().to_owned()),
        last_name: request.last_name.map(|v| v.trim().to_owned()),
        locale: request.locale,
        ..UserChanges::default()
    };
    let before = serde_json::json!({ "firstName": user.user.first_name, "lastName": user.user.last_name, "locale": user.user.locale });
    let mut conn = state.conn().await?;
    conn.transaction(async |tx| {
        let updated = afiliados_db::users::update(tx, user.id(), &changes).await?;
        let after = serde_json::json!({ "firstName": updated.first_name, "lastName": updated.last_name, "locale": updated.locale });
        let event = AuditEvent::new("user.updated", "user", user.id()).changes(Some(before), Some(after));
        audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
        Ok::<_, ApiError>(())
    })
    .await
}
