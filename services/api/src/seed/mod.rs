//! `afiliados-api seed dev|qa`: demo and QA data, idempotent (running twice changes nothing), with
//! progress printed as it goes. Users are created through the same row functions the use cases
//! use, with an audit row each.

mod catalogue;
mod client;
mod dev;
mod dev_money_out;
mod dev_order_book;
mod dev_order_codes;
mod dev_orders;
mod dev_people;
mod dev_reconciliation;
mod people;
mod qa;
mod qa_orders;
mod sandbox;

use afiliados_auth::PasswordHasher;
use afiliados_db::AsyncPgConnection;
use afiliados_db::users::NewUser;
use afiliados_domain::Clock;
use uuid::Uuid;

pub use dev::seed_dev;
pub use dev_orders::{OrderSeedReport, OrderSeedTimeouts, seed_dev_orders};
/// The seed's Cetaphil campaign, the one `bench-dataset` fills.
pub(crate) use dev_people::CETAPHIL as CETAPHIL_CAMPAIGN_SLUG;
pub use qa::{QaSecrets, seed_qa};
pub use sandbox::SandboxTarget;

/// One seeded account.
pub(crate) struct SeedUser<'a> {
    pub(crate) email: &'a str,
    pub(crate) first_name: &'a str,
    pub(crate) last_name: &'a str,
    pub(crate) roles: &'a [&'a str],
    pub(crate) brands: Vec<Uuid>,
}

/// Creates the user when missing (active, with this password); returns its id and whether it was new.
pub(crate) async fn ensure_user(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    hasher: &PasswordHasher,
    password: &str,
    seed: &SeedUser<'_>,
) -> anyhow::Result<(Uuid, bool)> {
    if let Some(existing) = afiliados_db::users::find_by_email(conn, tenant_id, seed.email).await? {
        return Ok((existing.id, false));
    }
    let violations = afiliados_domain::check_password(password, seed.email, None);
    anyhow::ensure!(
        violations.is_empty(),
        "the seed password breaks the password policy: {:?}",
        violations
    );
    let hash = hasher.hash(password)?;
    let user = afiliados_db::users::insert(
        conn,
        &NewUser {
            id: afiliados_db::new_id(),
            tenant_id,
            email: seed.email,
            first_name: seed.first_name,
            last_name: seed.last_name,
            password_hash: Some(&hash),
            status: "active",
            locale: "es",
            created_by: None,
            // The seed is a CLI run on the wall clock, like the api it starts (`SeedApi`).
            password_changed_at: Some(afiliados_domain::SystemClock.now()),
        },
    )
    .await?;
    let roles: Vec<String> = seed.roles.iter().map(|r| (*r).to_owned()).collect();
    afiliados_db::roles::set_roles(conn, user.id, &roles, None).await?;
    afiliados_db::roles::set_brands(conn, user.id, &seed.brands, None).await?;
    afiliados_db::status_history::record(
        conn,
        afiliados_db::status_history::StatusChange {
            tenant_id,
            entity_type: "user",
            entity_id: user.id,
            from: None,
            to: "active",
            reason: Some("seed"),
            actor: "system:seed",
        },
    )
    .await?;
    crate::audit::record(
        conn,
        tenant_id,
        &crate::audit::AuditActor::System("system:seed"),
        crate::audit::AuditEvent::new("user.created", "user", user.id),
    )
    .await?;
    Ok((user.id, true))
}

/// Prints one progress line.
pub(crate) fn step(done: usize, total: usize, what: &str) {
    println!("[{done:>2}/{total}] {what}");
}
