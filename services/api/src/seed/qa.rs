//! `seed qa`: the QA users of domain.md §7; `admin.qa@medipiel.co` has 2FA enabled with the
//! secret of `QA_ADMIN_TOTP_SECRET` so the smoke tool can compute codes.

use afiliados_auth::PasswordHasher;
use afiliados_crypto::KeyRing;
use afiliados_db::AsyncPgConnection;
use uuid::Uuid;

use super::catalogue::{
    SeedBrand, ensure_brand_details, ensure_campaign, ensure_policies, ensure_tax_profiles,
};
use super::client::SeedApi;
use super::people::{SeedInfluencer, SeedMembership, ensure_influencer};
use super::{SeedUser, ensure_user, step};
use crate::settings::Settings;

/// Passwords and secrets of the QA users.
pub struct QaSecrets {
    /// `QA_ADMIN_PASSWORD`.
    pub admin_password: String,
    /// `QA_ADMIN_TOTP_SECRET` (base32, required).
    pub admin_totp_secret: String,
    /// `QA_FINANCE_PASSWORD`.
    pub finance_password: String,
    /// `QA_FINANCE_TOTP_SECRET` (optional).
    pub finance_totp_secret: Option<String>,
    /// `QA_INFLUENCER_PASSWORD`.
    pub influencer_password: String,
}

impl QaSecrets {
    /// Reads the `QA_*` variables; passwords default to the dev seed password outside production.
    pub fn from_env() -> anyhow::Result<QaSecrets> {
        let mut env = afiliados_config::Env::load();
        let fallback = if env.app_env() == afiliados_config::AppEnv::Production {
            None
        } else {
            Some("Changeit!2024")
        };
        let mut password = |name: &str| match (env.var(name), fallback) {
            (Some(value), _) => value,
            (None, Some(default)) => default.to_owned(),
            (None, None) => env.required_var(name),
        };
        let admin_password = password("QA_ADMIN_PASSWORD");
        let finance_password = password("QA_FINANCE_PASSWORD");
        let influencer_password = password("QA_INFLUENCER_PASSWORD");
        let admin_totp_secret = env.required_var("QA_ADMIN_TOTP_SECRET");
        let finance_totp_secret = env.var("QA_FINANCE_TOTP_SECRET");
        env.finish()?;
        Ok(QaSecrets {
            admin_password,
            admin_totp_secret,
            finance_password,
            finance_totp_secret,
            influencer_password,
        })
    }
}

async fn enable_totp(
    conn: &mut AsyncPgConnection,
    keys: &KeyRing,
    user_id: Uuid,
    secret: &str,
) -> anyhow::Result<()> {
    // Validate the secret decodes before storing it.
    afiliados_auth::verify_totp(secret, "000000", 0, None)?;
    let sealed = keys.encrypt(secret.as_bytes(), user_id.as_bytes())?;
    afiliados_db::totp::upsert_enabled(conn, user_id, &sealed, keys.active_key_id()).await?;
    Ok(())
}

const TOTAL: usize = 5;

fn qa_campaign(brand_id: &str) -> serde_json::Value {
    serde_json::json!({
        "brandId": brand_id,
        "name": "Campaña QA Boost",
        "slug": "campana-qa-boost",
        "startDate": "2026-01-01",
        "status": "active",
        "baseCommissionPercent": "15.00",
        "commissionBasis": "pre_tax",
        "maxDiscountPercent": "15.00",
        "eligibleScopeType": "category",
        "eligibleScopeValues": ["3"]
    })
}

/// Seeds QA data.
pub async fn seed_qa(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    hasher: &PasswordHasher,
    keys: &KeyRing,
    secrets: &QaSecrets,
    settings: &Settings,
) -> anyhow::Result<()> {
    let cetaphil =
        afiliados_db::brands::ensure(conn, tenant_id, "Cetaphil", "cetaphil", "CETAPHIL").await?;
    step(1, TOTAL, "brand Cetaphil");
    let _ = cetaphil;
    let admin = SeedUser {
        email: "admin.qa@medipiel.co",
        first_name: "Admin",
        last_name: "QA",
        roles: &["admin_dentsu"],
        brands: vec![],
    };
    let (admin_id, created) =
        ensure_user(conn, tenant_id, hasher, &secrets.admin_password, &admin).await?;
    if created
        || afiliados_db::totp::find(conn, admin_id)
            .await?
            .is_none_or(|t| t.status != afiliados_domain::TotpStatus::Enabled)
    {
        enable_totp(conn, keys, admin_id, &secrets.admin_totp_secret).await?;
    }
    step(2, TOTAL, "admin.qa@medipiel.co (admin_dentsu, 2FA enabled)");
    let finance = SeedUser {
        email: "finance.qa@medipiel.co",
        first_name: "Finance",
        last_name: "QA",
        roles: &["finance"],
        brands: vec![],
    };
    let (finance_id, _) =
        ensure_user(conn, tenant_id, hasher, &secrets.finance_password, &finance).await?;
    if let Some(secret) = &secrets.finance_totp_secret
        && afiliados_db::totp::find(conn, finance_id).await?.is_none()
    {
        enable_totp(conn, keys, finance_id, secret).await?;
    }
    step(3, TOTAL, "finance.qa@medipiel.co (finance)");
    let mut api = SeedApi::start(settings.clone()).await?;
    api.act_as("admin.qa@medipiel.co").await?;
    ensure_tax_profiles(&api).await?;
    let policies = ensure_policies(&api).await?;
    let brand = ensure_brand_details(
        &api,
        &SeedBrand {
            slug: "cetaphil",
            vtex_brand_id: "2000050",
            description: "Cuidado dermatológico para piel sensible.",
            minimum: "20000.00",
        },
    )
    .await?;
    let (campaign, _) = ensure_campaign(&api, &qa_campaign(&brand)).await?;
    step(
        4,
        TOTAL,
        "tax profiles, policies, Cetaphil (minimum 20 000 COP), campaign campana-qa-boost",
    );
    let influencer = SeedInfluencer {
        first_name: "Influencer",
        last_name: "QA",
        document_type: "CC",
        document_number: "1000000001",
        email: "influencer.qa@medipiel.co",
        phone: "3000000001",
        city: "Bogotá",
        social: "https://www.instagram.com/medipiel",
        tax_profile: Some("regimen_simple"),
        bank_account: Some(("Bancolombia", "ahorros", "0000000001")),
        status: "approved",
        memberships: vec![SeedMembership {
            campaign: "campana-qa-boost",
            custom_code: Some("QA-BOOST-01"),
        }],
    };
    ensure_influencer(
        &api,
        &influencer,
        &secrets.influencer_password,
        &policies,
        &[("campana-qa-boost", campaign)],
    )
    .await?;
    step(
        5,
        TOTAL,
        "influencer.qa@medipiel.co (approved, consents, code QA-BOOST-01)",
    );
    Ok(())
}
