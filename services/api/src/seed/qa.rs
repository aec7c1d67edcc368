//! `seed qa`: the QA users of domain.md §7. Their passwords and TOTP secrets come only from the
//! `QA_*` variables (no default: a QA replica is reachable, so a published password would open
//! it); `admin.qa@medipiel.co` and `finance.qa@medipiel.co` have 2FA enabled with
//! `QA_ADMIN_TOTP_SECRET` / `QA_FINANCE_TOTP_SECRET`, so the smoke tool can compute codes.
//! `influencer.qa@medipiel.co` ends with two confirmed orders (`qa_orders`, ADR 0043).

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

/// Passwords and secrets of the QA users: every one comes from the environment (the platform's
/// secret manager), none has a default, and both staff users get 2FA.
pub struct QaSecrets {
    /// `QA_ADMIN_PASSWORD`.
    pub admin_password: String,
    /// `QA_ADMIN_TOTP_SECRET` (base32).
    pub admin_totp_secret: String,
    /// `QA_FINANCE_PASSWORD`.
    pub finance_password: String,
    /// `QA_FINANCE_TOTP_SECRET` (base32).
    pub finance_totp_secret: String,
    /// `QA_INFLUENCER_PASSWORD`.
    pub influencer_password: String,
}

/// The password `make dev` prints and the README publishes: never a QA password.
const PUBLISHED_PASSWORD: &str = "Changeit!2024";

impl QaSecrets {
    /// Reads the `QA_*` variables from the process environment.
    pub fn from_env() -> anyhow::Result<QaSecrets> {
        Ok(QaSecrets::read(afiliados_config::Env::load())?)
    }

    /// Reads the `QA_*` variables; every one is required, in every environment. A missing one,
    /// a password that is the published development one or fails the password policy, and a TOTP
    /// secret that is not base32 are all listed in one error.
    pub fn read(
        mut env: afiliados_config::Env,
    ) -> Result<QaSecrets, afiliados_config::ConfigErrors> {
        let mut password = |name: &str, email: &str| {
            let value = env.required_var(name);
            if value.is_empty() {
                return value;
            }
            if value == PUBLISHED_PASSWORD {
                env.problem(format!("{name} is the published development password"));
            } else if !afiliados_domain::check_password(&value, email, None).is_empty() {
                env.problem(format!("{name} does not meet the password policy"));
            }
            value
        };
        let admin_password = password("QA_ADMIN_PASSWORD", "admin.qa@medipiel.co");
        let finance_password = password("QA_FINANCE_PASSWORD", "finance.qa@medipiel.co");
        let influencer_password = password("QA_INFLUENCER_PASSWORD", "influencer.qa@medipiel.co");
        let mut totp = |name: &str| {
            let value = env.required_var(name);
            if !value.is_empty() && afiliados_auth::verify_totp(&value, "000000", 0, None).is_err()
            {
                env.problem(format!(
                    "{name} is not a base32 TOTP secret of at least 128 bits"
                ));
            }
            value
        };
        let admin_totp_secret = totp("QA_ADMIN_TOTP_SECRET");
        let finance_totp_secret = totp("QA_FINANCE_TOTP_SECRET");
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

const TOTAL: usize = 6;

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
    let (finance_id, created) =
        ensure_user(conn, tenant_id, hasher, &secrets.finance_password, &finance).await?;
    if created
        || afiliados_db::totp::find(conn, finance_id)
            .await?
            .is_none_or(|t| t.status != afiliados_domain::TotpStatus::Enabled)
    {
        enable_totp(conn, keys, finance_id, &secrets.finance_totp_secret).await?;
    }
    step(3, TOTAL, "finance.qa@medipiel.co (finance, 2FA enabled)");
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
    let ingested = super::qa_orders::ensure_qa_orders(&api).await?;
    step(
        6,
        TOTAL,
        &format!(
            "orders QA-ORDER-1001 and QA-ORDER-1002 ({ingested} ingested now), confirmed: \
             67 500.00 COP in Cetaphil"
        ),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use afiliados_config::Env;

    use super::QaSecrets;

    fn nothing(name: &str) -> Option<String> {
        (name == "APP_ENV").then(|| "qa".into())
    }

    fn published_and_short(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("development".into()),
            "QA_ADMIN_PASSWORD" => Some("Changeit!2024".into()),
            "QA_FINANCE_PASSWORD" => Some("short".into()),
            "QA_INFLUENCER_PASSWORD" => Some("Influencer!QA2025".into()),
            "QA_ADMIN_TOTP_SECRET" => Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
            "QA_FINANCE_TOTP_SECRET" => Some("not base32!".into()),
            _ => None,
        }
    }

    fn complete(name: &str) -> Option<String> {
        match name {
            "APP_ENV" => Some("qa".into()),
            "QA_ADMIN_PASSWORD" => Some("AdminQa!2025xyz".into()),
            "QA_FINANCE_PASSWORD" => Some("FinanceQa!2025xyz".into()),
            "QA_INFLUENCER_PASSWORD" => Some("Influencer!QA2025".into()),
            "QA_ADMIN_TOTP_SECRET" => Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
            "QA_FINANCE_TOTP_SECRET" => Some("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU".into()),
            _ => None,
        }
    }

    #[test]
    fn seed_qa_refuses_without_every_qa_secret_and_lists_them_all() {
        let Err(errors) = QaSecrets::read(Env::with_lookup(nothing)) else {
            panic!("seed qa ran without its secrets");
        };
        let text = errors.to_string();
        for name in [
            "QA_ADMIN_PASSWORD",
            "QA_FINANCE_PASSWORD",
            "QA_INFLUENCER_PASSWORD",
            "QA_ADMIN_TOTP_SECRET",
            "QA_FINANCE_TOTP_SECRET",
        ] {
            assert!(text.contains(&format!("{name} is missing")), "{text}");
        }
    }

    #[test]
    fn the_published_password_weak_ones_and_bad_totp_secrets_are_refused_even_in_development() {
        let Err(errors) = QaSecrets::read(Env::with_lookup(published_and_short)) else {
            panic!("seed qa accepted the published password");
        };
        let text = errors.to_string();
        assert!(text.contains("QA_ADMIN_PASSWORD is the published development password"));
        assert!(text.contains("QA_FINANCE_PASSWORD does not meet the password policy"));
        assert!(text.contains("QA_FINANCE_TOTP_SECRET is not a base32 TOTP secret"));
        assert!(!text.contains("QA_INFLUENCER_PASSWORD"), "{text}");
        assert!(!text.contains("Changeit"), "values never appear: {text}");
        let secrets = QaSecrets::read(Env::with_lookup(complete)).unwrap();
        assert_eq!(
            secrets.finance_totp_secret,
            "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
        );
    }
}
