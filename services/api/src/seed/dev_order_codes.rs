//! What the demo orders need besides `seed dev`'s data, made through the api: a second code of
//! Mateo's that is disabled, a code of Camila's that starts in 30 days, a draft Avène campaign
//! with a code of Valentina's, and La Roche-Posay's minimum order value. Each step looks first, so
//! a re-run changes nothing.

use std::collections::HashMap;

use afiliados_domain::Clock;
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use super::client::{SeedApi, text};
use super::dev_order_book::{
    Coupon, DISABLED_CODE, DRAFT_CAMPAIGN, DRAFT_CAMPAIGN_CODE, DemoOrder, FUTURE_CODE,
    LRP_MIN_ORDER_VALUE,
};

/// A code the orders use: its text and when it was created.
#[derive(Debug, Clone)]
pub(crate) struct KnownCode {
    pub(crate) code: String,
    pub(crate) created_at: DateTime<Utc>,
}

/// The demo codes by e-mail and campaign slug, and by their own text.
#[derive(Debug, Default)]
pub(crate) struct Codes {
    by_member: HashMap<(String, String), KnownCode>,
    by_text: HashMap<String, KnownCode>,
}

impl Codes {
    /// The code `coupon` stands for; `None` for no coupon. An unknown literal (`coupon_unknown`)
    /// is returned as is, created "now".
    pub(crate) fn resolve(&self, coupon: Coupon) -> anyhow::Result<Option<KnownCode>> {
        match coupon {
            Coupon::None => Ok(None),
            Coupon::Literal(code) => {
                Ok(Some(self.by_text.get(code).cloned().unwrap_or_else(|| {
                    KnownCode {
                        code: code.to_owned(),
                        created_at: afiliados_domain::SystemClock.now(),
                    }
                })))
            }
            Coupon::MemberCode(email, campaign) => self
                .by_member
                .get(&(email.to_owned(), campaign.to_owned()))
                .cloned()
                .map(Some)
                .ok_or_else(|| anyhow::anyhow!("{email} has no code in {campaign}")),
        }
    }

    /// Every code the book names (for the sync wait).
    pub(crate) fn all(&self) -> impl Iterator<Item = &KnownCode> {
        self.by_text.values()
    }
}

async fn find_code(api: &SeedApi, code: &str) -> anyhow::Result<Option<Value>> {
    let page = api
        .call(Method::GET, &format!("/codes?q={code}&pageSize=100"), None)
        .await?;
    Ok(page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["code"] == code))
        .cloned())
}

fn known(found: &Value) -> anyhow::Result<KnownCode> {
    let created_at = text(found, "createdAt")?
        .parse()
        .map_err(|err| anyhow::anyhow!("createdAt of a code: {err}"))?;
    Ok(KnownCode {
        code: text(found, "code")?,
        created_at,
    })
}

async fn influencer_id(api: &SeedApi, email: &str) -> anyhow::Result<String> {
    let found = api
        .first(&format!("/influencers?q={email}"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("{email} is not seeded; run `seed dev` first"))?;
    text(&found, "id")
}

async fn campaign_id(api: &SeedApi, slug: &str) -> anyhow::Result<Option<Value>> {
    let page = api
        .call(Method::GET, "/campaigns?pageSize=100", None)
        .await?;
    Ok(page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["slug"] == slug))
        .cloned())
}

/// The influencer's first enabled code in the campaign other than the demo's extra ones.
async fn member_code(api: &SeedApi, email: &str, slug: &str) -> anyhow::Result<KnownCode> {
    let influencer = influencer_id(api, email).await?;
    let campaign = campaign_id(api, slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("campaign {slug} is not seeded; run `seed dev` first"))?;
    let campaign = text(&campaign, "id")?;
    let page = api
        .call(
            Method::GET,
            &format!("/codes?influencerId={influencer}&campaignId={campaign}&pageSize=100"),
            None,
        )
        .await?;
    let extra = [DISABLED_CODE, FUTURE_CODE, DRAFT_CAMPAIGN_CODE];
    let found = page["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|c| c["enabled"] == true && !extra.iter().any(|code| c["code"] == *code))
        })
        .ok_or_else(|| anyhow::anyhow!("{email} has no code in {slug}"))?;
    known(found)
}

/// A custom code for the pair, created when missing (`additional` when the pair has one).
async fn ensure_code(
    api: &SeedApi,
    code: &str,
    (email, campaign): (&str, &str),
    additional: bool,
    extra: Value,
) -> anyhow::Result<Value> {
    if let Some(found) = find_code(api, code).await? {
        return Ok(found);
    }
    let mut body = json!({
        "campaignId": campaign,
        "influencerId": influencer_id(api, email).await?,
        "code": code,
        "additional": additional,
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    api.call(Method::POST, "/codes", Some(&body)).await
}

async fn campaign_id_of(api: &SeedApi, slug: &str) -> anyhow::Result<String> {
    let found = campaign_id(api, slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("campaign {slug} is not seeded; run `seed dev` first"))?;
    text(&found, "id")
}

/// The draft Avène campaign (it never became active: its orders are `campaign_not_active`).
async fn ensure_draft_campaign(api: &SeedApi) -> anyhow::Result<String> {
    if let Some(found) = campaign_id(api, DRAFT_CAMPAIGN).await? {
        return text(&found, "id");
    }
    let brands = api.call(Method::GET, "/brands?pageSize=100", None).await?;
    let avene = brands["items"]
        .as_array()
        .and_then(|items| items.iter().find(|b| b["slug"] == "avene"))
        .ok_or_else(|| anyhow::anyhow!("brand avene is not seeded; run `seed dev` first"))?;
    let body = json!({
        "brandId": text(avene, "id")?,
        "name": "Avène Hidratación",
        "slug": DRAFT_CAMPAIGN,
        "description": "Borrador de la campaña de hidratación de Avène.",
        "startDate": "2026-02-01",
        "status": "draft",
        "baseCommissionPercent": "9.00",
        "maxDiscountPercent": "10.00",
        "eligibleScopeType": "all"
    });
    let created = api.call(Method::POST, "/campaigns", Some(&body)).await?;
    text(&created, "id")
}

/// La Roche-Posay's campaign gets its minimum order value when it has none.
async fn ensure_lrp_minimum(api: &SeedApi) -> anyhow::Result<()> {
    let lrp = campaign_id(api, "la-roche-posay-verano")
        .await?
        .ok_or_else(|| anyhow::anyhow!("campaign la-roche-posay-verano is not seeded"))?;
    if lrp["minOrderValue"].is_null() {
        let id = text(&lrp, "id")?;
        let body = json!({ "minOrderValue": LRP_MIN_ORDER_VALUE });
        api.call(Method::PATCH, &format!("/campaigns/{id}"), Some(&body))
            .await?;
    }
    Ok(())
}

/// Creates what is missing and resolves every code of `orders`.
pub(crate) async fn prepare_codes(api: &SeedApi, orders: &[DemoOrder]) -> anyhow::Result<Codes> {
    ensure_lrp_minimum(api).await?;
    let cetaphil = campaign_id_of(api, "cetaphil-lanzamiento").await?;
    let lrp = campaign_id_of(api, "la-roche-posay-verano").await?;
    let draft = ensure_draft_campaign(api).await?;
    let disabled = ensure_code(
        api,
        DISABLED_CODE,
        ("mateo.rios@example.com", &cetaphil),
        true,
        json!({}),
    )
    .await?;
    if disabled["enabled"] == true {
        let body =
            json!({ "enabled": false, "disabledReason": "Código de una preventa que terminó" });
        let id = text(&disabled, "id")?;
        api.call(Method::PATCH, &format!("/codes/{id}"), Some(&body))
            .await?;
    }
    let in_a_month =
        afiliados_domain::bogota_date(afiliados_domain::SystemClock.now()) + Duration::days(30);
    ensure_code(
        api,
        FUTURE_CODE,
        ("camila.herrera@example.com", &lrp),
        true,
        json!({ "startsOn": in_a_month }),
    )
    .await?;
    ensure_code(
        api,
        DRAFT_CAMPAIGN_CODE,
        ("valentina.rojas@example.com", &draft),
        false,
        json!({}),
    )
    .await?;

    let mut codes = Codes::default();
    for order in orders {
        match order.coupon {
            Coupon::None => {}
            Coupon::Literal(code) => {
                if let Some(found) = find_code(api, code).await? {
                    codes.by_text.insert(code.to_owned(), known(&found)?);
                }
            }
            Coupon::MemberCode(email, slug) => {
                let key = (email.to_owned(), slug.to_owned());
                if !codes.by_member.contains_key(&key) {
                    let found = member_code(api, email, slug).await?;
                    codes.by_text.insert(found.code.clone(), found.clone());
                    codes.by_member.insert(key, found);
                }
            }
        }
    }
    Ok(codes)
}
