//! Seeding influencers through the api: public registration (with consent to the active
//! policies), campaign memberships and codes, then the status each demo person should show.
//! Memberships come before approval so the approval e-mail lists the codes that became active.

use reqwest::Method;
use serde_json::{Value, json};

use super::client::{SeedApi, text};

/// One campaign membership of a seeded influencer.
pub(crate) struct SeedMembership {
    /// Campaign slug.
    pub(crate) campaign: &'static str,
    /// A custom code instead of a generated one.
    pub(crate) custom_code: Option<&'static str>,
}

/// One seeded influencer.
pub(crate) struct SeedInfluencer {
    pub(crate) first_name: &'static str,
    pub(crate) last_name: &'static str,
    pub(crate) document_type: &'static str,
    pub(crate) document_number: &'static str,
    pub(crate) email: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) city: &'static str,
    pub(crate) social: &'static str,
    pub(crate) tax_profile: Option<&'static str>,
    pub(crate) bank_account: Option<(&'static str, &'static str, &'static str)>,
    /// `pending|approved|rejected|suspended`.
    pub(crate) status: &'static str,
    pub(crate) memberships: Vec<SeedMembership>,
}

/// What happened to one person.
pub(crate) struct Seeded {
    pub(crate) registered: bool,
    pub(crate) status: String,
}

/// Registers (when missing), assigns and brings the influencer to its demo status.
pub(crate) async fn ensure_influencer(
    api: &SeedApi,
    person: &SeedInfluencer,
    password: &str,
    accepted_policy_version_ids: &[String],
    campaign_ids: &[(&str, String)],
) -> anyhow::Result<Seeded> {
    let query = format!("/influencers?q={}", person.email);
    let (id, registered) = match api.first(&query).await? {
        Some(found) => (text(&found, "id")?, false),
        None => (
            register(api, person, password, accepted_policy_version_ids).await?,
            true,
        ),
    };
    for membership in &person.memberships {
        let campaign_id = campaign_ids
            .iter()
            .find(|(slug, _)| *slug == membership.campaign)
            .map(|(_, id)| id.clone())
            .ok_or_else(|| anyhow::anyhow!("campaign {} is not seeded", membership.campaign))?;
        assign(api, &id, &campaign_id, membership).await?;
    }
    let status = bring_to_status(api, &id, person.status).await?;
    Ok(Seeded { registered, status })
}

async fn register(
    api: &SeedApi,
    person: &SeedInfluencer,
    password: &str,
    accepted: &[String],
) -> anyhow::Result<String> {
    let mut body = json!({
        "firstName": person.first_name,
        "lastName": person.last_name,
        "documentType": person.document_type,
        "documentNumber": person.document_number,
        "email": person.email,
        "phone": person.phone,
        "city": person.city,
        "department": "Antioquia",
        "country": "CO",
        "socialLinks": [person.social],
        "password": password,
        "acceptedPolicyVersionIds": accepted,
        "marketingOptIn": true,
    });
    if let Some(code) = person.tax_profile {
        body["taxProfileCode"] = Value::String(code.to_owned());
    }
    if let Some((bank, kind, number)) = person.bank_account {
        body["bankAccount"] = json!({
            "accountHolder": format!("{} {}", person.first_name, person.last_name),
            "bankName": bank, "accountType": kind, "accountNumber": number
        });
    }
    let created = api
        .anonymous()
        .call(Method::POST, "/public/influencers", Some(&body))
        .await?;
    text(&created, "id")
}

async fn assign(
    api: &SeedApi,
    influencer_id: &str,
    campaign_id: &str,
    membership: &SeedMembership,
) -> anyhow::Result<()> {
    let body = json!({ "generateCode": membership.custom_code.is_none() });
    api.call(
        Method::POST,
        &format!("/influencers/{influencer_id}/campaigns/{campaign_id}"),
        Some(&body),
    )
    .await?;
    if let Some(code) = membership.custom_code {
        let exists = api.first(&format!("/codes?q={code}")).await?.is_some();
        if !exists {
            let body =
                json!({ "campaignId": campaign_id, "influencerId": influencer_id, "code": code });
            api.call(Method::POST, "/codes", Some(&body)).await?;
        }
    }
    Ok(())
}

async fn set_status(
    api: &SeedApi,
    id: &str,
    status: &str,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    let body = json!({ "status": status, "reason": reason });
    api.call(
        Method::PATCH,
        &format!("/influencers/{id}/status"),
        Some(&body),
    )
    .await
    .map(|_| ())
}

/// Walks the state machine to `target` (a suspended demo person is approved first).
async fn bring_to_status(api: &SeedApi, id: &str, target: &str) -> anyhow::Result<String> {
    let current = api
        .call(Method::GET, &format!("/influencers/{id}"), None)
        .await?;
    let current = text(&current, "status")?;
    match (current.as_str(), target) {
        (now, wanted) if now == wanted => {}
        ("pending", "approved") => set_status(api, id, "approved", None).await?,
        ("pending", "rejected") => {
            set_status(
                api,
                id,
                "rejected",
                Some("Perfil sin audiencia en el segmento de la marca"),
            )
            .await?;
        }
        ("pending" | "approved", "suspended") => {
            if current == "pending" {
                set_status(api, id, "approved", None).await?;
            }
            set_status(
                api,
                id,
                "suspended",
                Some("Publicaciones que incumplen las políticas de la marca"),
            )
            .await?;
        }
        (now, wanted) => {
            anyhow::bail!("cannot bring a {now} influencer to {wanted} in the demo data")
        }
    }
    Ok(target.to_owned())
}
