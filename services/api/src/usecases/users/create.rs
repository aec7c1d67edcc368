//! `POST /users`: an invited staff user with roles, brands and an invitation e-mail.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::users::{CreateUserRequest, UserResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::{NewUser, User};
use afiliados_domain::{Email, FieldCode};
use afiliados_email_messages::{SetPassword, UserInvitation};
use chrono::Duration;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::auth::profile::{check_locale, check_name};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Problems, UseCaseError};

/// Which e-mail carries a first-password link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordLinkEmail {
    /// `user_invitation`, for invited staff.
    UserInvitation,
    /// `set_password`, for an influencer who registered without a password.
    SetPassword,
}

/// Validates the request into a normalised email.
pub fn validate(request: &CreateUserRequest) -> Result<Email, ApiError> {
    let mut problems = Problems::new();
    let email = Email::parse(&request.email);
    if email.is_none() {
        problems.push("email", FieldCode::InvalidFormat);
    }
    check_name("firstName", &request.first_name, &mut problems);
    check_name("lastName", &request.last_name, &mut problems);
    if let Some(locale) = &request.locale {
        check_locale(locale, &mut problems);
    }
    super::check_roles_and_brands(&request.roles, &request.brand_ids, &mut problems);
    match email {
        Some(email) if problems.is_empty() => Ok(email),
        _ => Err(UseCaseError::Invalid(problems).into()),
    }
}

/// Checks that every brand id exists in the tenant.
pub async fn check_brands_exist(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    ids: &[uuid::Uuid],
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = afiliados_db::brands::existing(conn, state.tenant_id, ids).await?;
    if ids.iter().any(|id| !found.contains(id)) {
        return Err(ApiError::field("brandIds", "unknown_reference"));
    }
    Ok(())
}

/// Issues an invitation token and queues the `user_invitation` e-mail.
pub async fn invite(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    user: &User,
) -> Result<(), ApiError> {
    send_password_link(conn, state, user, PasswordLinkEmail::UserInvitation).await
}

/// Issues a single-use `invite` token and queues `email` with the link that sets the first
/// password (`user_invitation` for staff, `set_password` for a self-registered influencer).
pub async fn send_password_link(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    user: &User,
    email: PasswordLinkEmail,
) -> Result<(), ApiError> {
    let token = afiliados_auth::new_single_use_token();
    let days = state.settings.invitation_ttl_days;
    let expires = state.now() + Duration::days(days);
    afiliados_db::password_tokens::issue(
        conn,
        user.id,
        "invite",
        &afiliados_auth::hash_token(&token),
        expires,
    )
    .await?;
    let link = format!(
        "{}/restablecer-clave?token={token}",
        state.settings.web_public_url.trim_end_matches('/')
    );
    let first_name = user.first_name.clone();
    let message = match email {
        PasswordLinkEmail::UserInvitation => UserInvitation {
            first_name,
            link,
            expires_at: expires,
        }
        .into(),
        PasswordLinkEmail::SetPassword => SetPassword {
            first_name,
            link,
            expires_at: expires,
        }
        .into(),
    };
    queue(
        conn,
        state.tenant_id,
        QueuedEmail {
            recipient: &user.email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message,
        },
    )
    .await?;
    Ok(())
}

/// Creates the user inside the caller's transaction.
pub async fn create(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    admin: &CurrentUser,
    request: &CreateUserRequest,
    email: &Email,
) -> Result<UserResponse, ApiError> {
    check_brands_exist(tx, state, &request.brand_ids).await?;
    if afiliados_db::users::find_by_email(tx, state.tenant_id, email.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(ApiErrorCode::EmailAlreadyRegistered));
    }
    let locale = request.locale.clone().unwrap_or_else(|| "es".into());
    let user = afiliados_db::users::insert(
        tx,
        &NewUser {
            id: afiliados_db::new_id(),
            tenant_id: state.tenant_id,
            email: email.as_str(),
            first_name: request.first_name.trim(),
            last_name: request.last_name.trim(),
            password_hash: None,
            status: "invited",
            locale: &locale,
            created_by: Some(admin.id()),
            password_changed_at: None,
        },
    )
    .await?;
    let roles: Vec<String> = request
        .roles
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    afiliados_db::roles::set_roles(tx, user.id, &roles, Some(admin.id())).await?;
    afiliados_db::roles::set_brands(tx, user.id, &request.brand_ids, Some(admin.id())).await?;
    afiliados_db::status_history::record(
        tx,
        afiliados_db::status_history::StatusChange {
            tenant_id: state.tenant_id,
            entity_type: "user",
            entity_id: user.id,
            from: None,
            to: "invited",
            reason: None,
            actor: &admin.user.email,
        },
    )
    .await?;
    invite(tx, state, &user).await?;
    let response = super::representation::detail(tx, user, state.now()).await?;
    let after = serde_json::to_value(&response).ok();
    audit::record(
        tx,
        state.tenant_id,
        &AuditActor::User(admin),
        AuditEvent::new("user.created", "user", response.id).changes(None, after),
    )
    .await?;
    Ok(response)
}
