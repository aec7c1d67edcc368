//! `seed dev`: demo data of domain.md §7 — staff users for every role (password `SEED_PASSWORD`,
//! default `Changeit!2024`), then, through the api itself, tax profiles, the three policies, the
//! three brands with their withdrawal policies, the Cetaphil and La Roche-Posay campaigns and a
//! dozen influencers in every status with their memberships and codes. The codes reach the VTEX
//! sandbox through the outbox once the api and the worker run (`make dev`).

use afiliados_auth::PasswordHasher;
use afiliados_db::AsyncPgConnection;
use uuid::Uuid;

use super::catalogue::{
    SeedBrand, ensure_brand_details, ensure_campaign, ensure_policies, ensure_tax_profiles,
};
use super::client::SeedApi;
use super::dev_people::{CETAPHIL, LRP, demo_influencers};
use super::people::ensure_influencer;
use super::{SeedUser, ensure_user, step};
use crate::settings::Settings;

/// Seeds development data and prints the sign-in details.
pub async fn seed_dev(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    hasher: &PasswordHasher,
    password: &str,
    settings: &Settings,
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
    ];
    let people = demo_influencers();
    let total = users.len() + 6 + people.len();
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
    let mut done = users.len() + 1;
    let mut api = SeedApi::start(settings.clone()).await?;
    api.act_as("admin@medipiel.co").await?;
    let created = ensure_tax_profiles(&api).await?;
    done += 1;
    step(done, total, &format!("tax profiles ({created} created)"));
    let policies = ensure_policies(&api).await?;
    done += 1;
    step(done, total, "policies terms, privacy, habeas_data");
    let mut brand_ids = Vec::new();
    for brand in BRANDS {
        brand_ids.push(ensure_brand_details(&api, &brand).await?);
    }
    done += 1;
    step(
        done,
        total,
        "brand VTEX ids and withdrawal policies (20 000 / 50 000 / 30 000 COP)",
    );
    let (cetaphil_campaign, _) = ensure_campaign(&api, &cetaphil_launch(&brand_ids[0])).await?;
    done += 1;
    step(
        done,
        total,
        "campaign Cetaphil Lanzamiento (tiers Base 10 %, Avanzado 12 %, Elite 15 %)",
    );
    let (lrp_campaign, _) = ensure_campaign(&api, &lrp_summer(&brand_ids[1])).await?;
    done += 1;
    step(
        done,
        total,
        "campaign La Roche-Posay Verano (8 %, no tiers)",
    );
    let campaigns = [(CETAPHIL, cetaphil_campaign), (LRP, lrp_campaign)];
    for person in &people {
        let seeded = ensure_influencer(&api, person, password, &policies, &campaigns).await?;
        done += 1;
        step(
            done,
            total,
            &format!(
                "influencer {} {} ({}){}",
                person.first_name,
                person.last_name,
                seeded.status,
                if seeded.registered {
                    ""
                } else {
                    ", already present"
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
    println!(
        "  {:<26} influencer (Isabela Gómez, code CETAPHIL-ISABELA7KQ2)",
        "influencer@medipiel.co"
    );
    Ok(())
}

const BRANDS: [SeedBrand; 3] = [
    SeedBrand {
        slug: "cetaphil",
        vtex_brand_id: "2000050",
        description: "Cuidado dermatológico para piel sensible.",
        minimum: "20000.00",
    },
    SeedBrand {
        slug: "la-roche-posay",
        vtex_brand_id: "2000060",
        description: "Dermocosmética recomendada por dermatólogos.",
        minimum: "50000.00",
    },
    SeedBrand {
        slug: "avene",
        vtex_brand_id: "2000070",
        description: "Agua termal y cuidado para pieles sensibles.",
        minimum: "30000.00",
    },
];

fn cetaphil_launch(brand_id: &str) -> serde_json::Value {
    serde_json::json!({
        "brandId": brand_id,
        "name": "Cetaphil Lanzamiento",
        "slug": CETAPHIL,
        "description": "Lanzamiento de la línea Cetaphil para piel sensible.",
        "startDate": "2026-02-01",
        "status": "active",
        "baseCommissionPercent": "10.00",
        "commissionBasis": "pre_tax",
        "includeShipping": false,
        "maxDiscountPercent": "15.00",
        "confirmationWindowDays": 15,
        "tierEvaluationPeriodDays": 15,
        "eligibleScopeType": "category",
        "eligibleScopeValues": ["3"],
        "tiers": [
            { "name": "Base", "level": 1, "threshold": "0.00", "commissionPercent": "10.00", "isDefault": true },
            { "name": "Avanzado", "level": 2, "threshold": "500000.00", "commissionPercent": "12.00", "isDefault": false },
            { "name": "Elite", "level": 3, "threshold": "2000000.00", "commissionPercent": "15.00", "isDefault": false }
        ]
    })
}

fn lrp_summer(brand_id: &str) -> serde_json::Value {
    serde_json::json!({
        "brandId": brand_id,
        "name": "La Roche-Posay Verano",
        "slug": LRP,
        "description": "Protección solar para la temporada de verano.",
        "startDate": "2026-06-01",
        "status": "active",
        "baseCommissionPercent": "8.00",
        "maxDiscountPercent": "10.00",
        "eligibleScopeType": "all"
    })
}
