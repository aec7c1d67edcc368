//! `POST /users`: an invited staff user with roles, brands and an invitation e-mail.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::users::{CreateUserRequest, UserResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::{NewUser, User};
use afiliados_domain::{Actor, Email, FieldCode, Role};
use afiliados_email_messages::{SetPassword, UserInvitation};
use chrono::Duration;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::auth::profile::{check_locale, check_name};
use crate::usecases::emails::{QueuedEmail, queue_sealed};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Which e-mail carries a first-password link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordLinkEmail {
    /// `user_invitation`, for invited staff.
    UserInvitation,
    /// `set_password`, for an influencer who registered without a password.
    SetPassword,
}

/// Validates the request into a normalised email.
pub fn validate(request: &CreateUserRequest) -> Result<Email, UseCaseError> {
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
    super::check_roles_and_brands(
        &request.roles,
        &afiliados_domain::ids::uuids(&request.brand_ids),
        &mut problems,
    );
    match email {
        Some(email) if problems.is_empty() => Ok(email),
        _ => Err(UseCaseError::Invalid(problems)),
    }
}

/// Checks that every brand id exists in the tenant.
pub async fn check_brands_exist(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    ids: &[uuid::Uuid],
) -> Result<(), UseCaseError> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = afiliados_db::brands::existing(conn, ctx.tenant_id, ids).await?;
    if ids.iter().any(|id| !found.contains(id)) {
        return Err(UseCaseError::invalid(
            "brandIds",
            FieldCode::UnknownReference,
        ));
    }
    Ok(())
}

/// Issues an invitation token and queues the `user_invitation` e-mail.
pub async fn invite(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &User,
) -> Result<(), UseCaseError> {
    send_password_link(conn, ctx, user, PasswordLinkEmail::UserInvitation).await
}

/// Issues a single-use `invite` token and queues `email` with the link that sets the first
/// password (`user_invitation` for staff, `set_password` for a self-registered influencer).
pub async fn send_password_link(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &User,
    email: PasswordLinkEmail,
) -> Result<(), UseCaseError> {
    let token = afiliados_auth::new_single_use_token();
    let days = ctx.settings.invitation_ttl_days;
    let expires = ctx.now() + Duration::days(days);
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
        ctx.settings.web_public_url.trim_end_matches('/')
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
    // Sealed: the link holds a live invitation token (ADR 0024).
    queue_sealed(
        conn,
        ctx.tenant_id,
        ctx.data_keys,
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

/// `POST /users` (admin_dentsu only): validates, then creates the invited user.
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = tracing::field::Empty))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    request: &CreateUserRequest,
) -> Result<UserResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let email = &validate(request)?;
    check_brands_exist(tx, ctx, &afiliados_domain::ids::uuids(&request.brand_ids)).await?;
    if afiliados_db::users::find_by_email(tx, ctx.tenant_id, email.as_str())
        .await?
        .is_some()
    {
        return Err(UseCaseError::conflict(ErrorCode::EmailAlreadyRegistered));
    }
    let locale = request.locale.clone().unwrap_or_else(|| "es".into());
    let user = afiliados_db::users::insert(
        tx,
        &NewUser {
            id: afiliados_db::new_id(),
            tenant_id: ctx.tenant_id,
            email: email.as_str(),
            first_name: request.first_name.trim(),
            last_name: request.last_name.trim(),
            password_hash: None,
            status: "invited",
            locale: &locale,
            created_by: Some(admin.user_id),
            password_changed_at: None,
        },
    )
    .await?;
    let roles: Vec<String> = request
        .roles
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    afiliados_db::roles::set_roles(tx, user.id, &roles, Some(admin.user_id)).await?;
    afiliados_db::roles::set_brands(
        tx,
        user.id,
        &afiliados_domain::ids::uuids(&request.brand_ids),
        Some(admin.user_id),
    )
    .await?;
    afiliados_db::status_history::record(
        tx,
        afiliados_db::status_history::StatusChange {
            tenant_id: ctx.tenant_id,
            entity_type: "user",
            entity_id: user.id,
            from: None,
            to: "invited",
            reason: None,
            actor: &admin.email,
        },
    )
    .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    invite(tx, ctx, &user).await?;
    let response = super::representation::detail(tx, user, ctx.now()).await?;
    let after = serde_json::to_value(&response).ok();
    audit::record(
        tx,
        ctx.tenant_id,
        &AuditActor::User(admin),
        AuditEvent::new("user.created", "user", response.id).changes(None, after),
    )
    .await?;
    Ok(response)
}
