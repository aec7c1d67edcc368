//! Active users with roles, inserted straight through diesel: the api's tests and the
//! cross-service tests sign them in through the real `POST /auth/login`.

use diesel_async::AsyncPgConnection;
use uuid::Uuid;

/// Who to create.
#[derive(Debug, Clone, Copy)]
pub struct TestUser<'a> {
    /// Lower-case e-mail (unique per tenant).
    pub email: &'a str,
    /// The argon2id hash of the password (the caller hashes with the api's own hasher).
    pub password_hash: &'a str,
    /// Role names (`admin_dentsu`, `finance`, …).
    pub roles: &'a [&'a str],
    /// Brands of an `admin_marca`.
    pub brands: &'a [Uuid],
    /// Given and family name.
    pub name: (&'a str, &'a str),
}

/// Inserts an active user of `tenant_id` with its roles and brands; returns its id.
pub async fn insert_active_user(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user: &TestUser<'_>,
) -> anyhow::Result<Uuid> {
    let row = afiliados_db::users::insert(
        conn,
        &afiliados_db::users::NewUser {
            id: afiliados_db::new_id(),
            tenant_id,
            email: user.email,
            first_name: user.name.0,
            last_name: user.name.1,
            password_hash: Some(user.password_hash),
            status: "active",
            locale: "es",
            created_by: None,
            password_changed_at: None,
        },
    )
    .await?;
    let roles: Vec<String> = user.roles.iter().map(|role| (*role).to_owned()).collect();
    afiliados_db::roles::set_roles(conn, row.id, &roles, None).await?;
    if !user.brands.is_empty() {
        afiliados_db::roles::set_brands(conn, row.id, user.brands, None).await?;
    }
    Ok(row.id)
}
