//! The `User` representation with roles, brands and 2FA state.

use afiliados_api_types::users::{SessionResponse, UserResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::User;
use afiliados_domain::Role;
use chrono::{DateTime, Utc};

/// Many users at once (lists), with three queries in all.
/// `now` decides whether a stored lock is still shown.
pub async fn many(
    conn: &mut AsyncPgConnection,
    users: Vec<User>,
    now: DateTime<Utc>,
) -> Result<Vec<UserResponse>, diesel::result::Error> {
    let ids: Vec<_> = users.iter().map(|u| u.id).collect();
    let mut roles = afiliados_db::roles::roles_of_many(conn, &ids).await?;
    let mut brands = afiliados_db::roles::brands_of_many(conn, &ids).await?;
    let enabled = afiliados_db::totp::enabled_among(conn, &ids).await?;
    Ok(users
        .into_iter()
        .map(|user| {
            let role_list = roles.remove(&user.id).unwrap_or_default();
            let brand_list = brands.remove(&user.id).unwrap_or_default();
            let two_factor = enabled.contains(&user.id);
            build(user, role_list, brand_list, two_factor, now)
        })
        .collect())
}

/// One user, with its sessions.
pub async fn detail(
    conn: &mut AsyncPgConnection,
    user: User,
    now: DateTime<Utc>,
) -> Result<UserResponse, diesel::result::Error> {
    let sessions = afiliados_db::sessions::sessions_of(conn, user.id).await?;
    let mut response = many(conn, vec![user], now).await?.remove(0);
    response.sessions = Some(
        sessions
            .into_iter()
            .map(|s| SessionResponse {
                id: s.id.into(),
                created_at: s.created_at,
                last_used_at: s.last_used_at,
                ip: s.ip.map(|ip| ip.addr().to_string()),
                user_agent: s.user_agent,
                revoked_at: s.revoked_at,
            })
            .collect(),
    );
    Ok(response)
}

fn build(
    user: User,
    roles: Vec<String>,
    brand_ids: Vec<uuid::Uuid>,
    two_factor_enabled: bool,
    now: DateTime<Utc>,
) -> UserResponse {
    UserResponse {
        id: user.id.into(),
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        roles: roles.iter().filter_map(|r| Role::parse(r)).collect(),
        brand_ids: afiliados_domain::ids::typed(brand_ids),
        status: user.status,
        status_reason: user.status_reason,
        locale: user.locale,
        two_factor_enabled,
        last_login_at: user.last_login_at,
        locked_until: user.locked_until.filter(|until| *until > now),
        created_at: user.created_at,
        updated_at: user.updated_at,
        sessions: None,
    }
}
