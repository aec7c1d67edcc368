//! `PATCH /users/{id}`: names, locale, roles and brands, with the last-admin rule.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::users::{UpdateUserRequest, UserResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::UserChanges;
use afiliados_domain::{Actor, FieldCode, Role};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::auth::profile::{check_locale, check_name};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// `PATCH /users/{id}` (admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %admin.user_id, user.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    admin: &Actor,
    id: Uuid,
    request: &UpdateUserRequest,
) -> Result<UserResponse, UseCaseError> {
    admin.require_any(&[Role::AdminDentsu])?;
    let user = afiliados_db::users::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let current_roles: Vec<Role> = afiliados_db::roles::roles_of(tx, id)
        .await?
        .iter()
        .filter_map(|r| Role::parse(r))
        .collect();
    if current_roles.contains(&Role::Influencer) && request.roles.is_some() {
        // Influencer accounts come from registration; their role set is not administered here.
        return Err(UseCaseError::invalid("roles", FieldCode::InvalidEnum));
    }
    let current_brands = afiliados_db::roles::brands_of(tx, id).await?;
    let roles = request
        .roles
        .clone()
        .unwrap_or_else(|| current_roles.clone());
    let brands = match (&request.brand_ids, &request.roles) {
        (Some(brands), _) => afiliados_domain::ids::uuids(brands),
        (None, Some(new_roles)) if !new_roles.contains(&Role::AdminMarca) => Vec::new(),
        (None, _) => current_brands.clone(),
    };
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
    if request.roles.is_some() || request.brand_ids.is_some() {
        super::check_roles_and_brands(&roles, &brands, &mut problems);
    }
    problems.finish()?;
    super::create::check_brands_exist(tx, ctx, &brands).await?;
    let losing_admin =
        current_roles.contains(&Role::AdminDentsu) && !roles.contains(&Role::AdminDentsu);
    if losing_admin
        && user.status == afiliados_domain::UserStatus::Active
        && afiliados_db::roles::count_other_active_admins(tx, id).await? == 0
    {
        return Err(UseCaseError::conflict(ErrorCode::LastAdmin));
    }
    let before =
        json!({ "firstName": user.first_name, "lastName": user.last_name, "locale": user.locale });
    let changes = UserChanges {
        first_name: request.first_name.as_ref().map(|v| v.trim().to_owned()),
        last_name: request.last_name.as_ref().map(|v| v.trim().to_owned()),
        locale: request.locale.clone(),
        ..UserChanges::default()
    };
    let updated = afiliados_db::users::update(tx, id, &changes).await?;
    let actor = AuditActor::User(admin);
    let after = json!({ "firstName": updated.first_name, "lastName": updated.last_name, "locale": updated.locale });
    if before != after {
        audit::record(
            tx,
            ctx.tenant_id,
            &actor,
            AuditEvent::new("user.updated", "user", id).changes(Some(before), Some(after)),
        )
        .await?;
    }
    let mut sorted_roles = roles.clone();
    sorted_roles.sort();
    let mut sorted_current = current_roles.clone();
    sorted_current.sort();
    if sorted_roles != sorted_current {
        let names: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
        afiliados_db::roles::set_roles(tx, id, &names, Some(admin.user_id)).await?;
        let event = AuditEvent::new("user.roles_changed", "user", id)
            .changes(Some(json!(sorted_current)), Some(json!(sorted_roles)));
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
    }
    let mut sorted_brands = brands.clone();
    sorted_brands.sort();
    if sorted_brands != current_brands {
        afiliados_db::roles::set_brands(tx, id, &brands, Some(admin.user_id)).await?;
        let event = AuditEvent::new("user.brands_changed", "user", id)
            .changes(Some(json!(current_brands)), Some(json!(sorted_brands)));
        audit::record(tx, ctx.tenant_id, &actor, event).await?;
    }
    Ok(super::representation::detail(tx, updated, ctx.now()).await?)
}
