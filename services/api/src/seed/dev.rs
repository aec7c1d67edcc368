//! `seed dev`: demo users for every role of domain.md §7 (password `SEED_PASSWORD`, default
//! `Changeit!2024`) and the three demo brands, enough for admin_marca scoping.

use afiliados_auth::PasswordHasher;
use afiliados_db::AsyncPgConnection;
use uuid::Uuid;

use super::{SeedUser, ensure_user, step};

/// Seeds development data and prints the sign-in details.
pub async fn seed_dev(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    hasher: &PasswordHasher,
    password: &str,
) -> anyhow::Result<()> {
    let cetaphil =
        afiliados_db::brands::ensure(conn, tenant_id, "Cetaphil", "cetaphil", "CETAPHIL").await?;
    let lrp =
        afiliados_db::brands::ensure(conn, tenant_id, "La Roche-Posay", "la-roche-posay", "LRP")
            .await?;
    afiliados_db::brands::ensure(conn, tenant_id, "Avène", "avene", "AVENE").await?;
    let users = [
        SeedUser {
            email: "admin@medipiel.co",
            first_name: "Ana",
            last_name: "Administradora",
            roles: &["admin_dentsu"],
            brands: vec![],
        },
        SeedUser {
            email: "gestor@medipiel.co",
            first_name: "Gabriel",
            last_name: "Gestor",
            roles: &["gestor_afiliados"],
            brands: vec![],
        },
        SeedUser {
            email: "finance@medipiel.co",
            first_name: "Fernanda",
            last_name: "Finanzas",
            roles: &["finance"],
            brands: vec![],
        },
        SeedUser {
            email: "finance2@medipiel.co",
            first_name: "Felipe",
            last_name: "Finanzas",
            roles: &["finance"],
            brands: vec![],
        },
        SeedUser {
            email: "marca@medipiel.co",
            first_name: "Marcela",
            last_name: "Cetaphil",
            roles: &["admin_marca"],
            brands: vec![cetaphil],
        },
        SeedUser {
            email: "marca.lrp@medipiel.co",
            first_name: "Mario",
            last_name: "Roche-Posay",
            roles: &["admin_marca"],
            brands: vec![lrp],
        },
        SeedUser {
            email: "auditor@medipiel.co",
            first_name: "Aurora",
            last_name: "Auditora",
            roles: &["auditor"],
            brands: vec![],
        },
        SeedUser {
            email: "influencer@medipiel.co",
            first_name: "Isabela",
            last_name: "Gómez",
            roles: &["influencer"],
            brands: vec![],
        },
    ];
    let total = users.len() + 1;
    step(1, total, "brands Cetaphil, La Roche-Posay, Avène");
    for (index, user) in users.iter().enumerate() {
        let (_, created) = ensure_user(conn, tenant_id, hasher, password, user).await?;
        step(
            index + 2,
            total,
            &format!(
                "{} ({}) {}",
                user.email,
                user.roles.join(","),
                if created {
                    "created"
                } else {
                    "already present"
                }
            ),
        );
    }
    println!(
        "\nDemo users (password: {}):",
        if password == "Changeit!2024" {
            password
        } else {
            "from SEED_PASSWORD"
        }
    );
    for user in &users {
        println!("  {:<26} {}", user.email, user.roles.join(", "));
    }
    Ok(())
}
