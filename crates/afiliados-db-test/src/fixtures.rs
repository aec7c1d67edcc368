//! Rows other tests build on, inserted straight through diesel: a brand, a campaign, an approved
//! influencer with an active membership, and one discount code (the coupon sync tests of the api
//! and the worker use them before the catalogue endpoints exist).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use afiliados_db::schema::{brands, campaign_influencers, campaigns, discount_codes, influencers};

/// What to create.
#[derive(Debug, Clone)]
pub struct CodeWorld {
    /// Brand slug (also its coupon prefix, upper-cased).
    pub brand_slug: String,
    /// The brand's VTEX id.
    pub vtex_brand_id: Option<String>,
    /// Campaign name.
    pub campaign_name: String,
    /// Campaign slug.
    pub campaign_slug: String,
    /// `draft|active|paused|ended`.
    pub campaign_status: String,
    /// `all|sku|category` and its values.
    pub scope: (String, Vec<String>),
    /// `stacking_rules.cumulativeWithOtherPromotions`.
    pub cumulative: bool,
    /// The code (upper case, 4–30 characters).
    pub code: String,
    /// `pending|active|inactive`.
    pub code_status: String,
    /// The code's discount.
    pub discount_percent: Decimal,
    /// `max_uses`.
    pub max_uses: Option<i32>,
    /// `max_uses_per_customer`.
    pub max_uses_per_customer: Option<i32>,
}

impl CodeWorld {
    /// An active 10 % code of an active campaign over the whole catalogue, for a brand with VTEX id
    /// `2000050`; `tag` keeps slugs and the code unique.
    pub fn active(tag: &str) -> CodeWorld {
        let tag = tag.to_lowercase();
        CodeWorld {
            brand_slug: format!("marca-{tag}"),
            vtex_brand_id: Some("2000050".into()),
            campaign_name: format!("Lanzamiento {tag}"),
            campaign_slug: format!("lanzamiento-{tag}"),
            campaign_status: "active".into(),
            scope: ("all".into(), Vec::new()),
            cumulative: false,
            code: format!("CODE-{}", tag.to_uppercase()),
            code_status: "active".into(),
            discount_percent: Decimal::new(1000, 2),
            max_uses: None,
            max_uses_per_customer: None,
        }
    }
}

/// The ids of what was created.
#[derive(Debug, Clone, Copy)]
pub struct CodeIds {
    /// Brand.
    pub brand_id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Discount code.
    pub code_id: Uuid,
}

/// Inserts the rows of `world` for `tenant_id`.
pub async fn insert_code_world(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    world: &CodeWorld,
) -> anyhow::Result<CodeIds> {
    let prefix: String = world
        .brand_slug
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_uppercase();
    let brand_id = afiliados_db::brands::ensure(
        conn,
        tenant_id,
        &world.brand_slug,
        &world.brand_slug,
        &prefix,
    )
    .await?;
    diesel::update(brands::table.find(brand_id))
        .set(brands::vtex_brand_id.eq(world.vtex_brand_id.clone()))
        .execute(conn)
        .await?;

    let campaign_id = afiliados_db::new_id();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or_default();
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(campaign_id),
            campaigns::tenant_id.eq(tenant_id),
            campaigns::brand_id.eq(brand_id),
            campaigns::name.eq(&world.campaign_name),
            campaigns::slug.eq(&world.campaign_slug),
            campaigns::start_date.eq(start),
            campaigns::status.eq(&world.campaign_status),
            campaigns::base_commission_percent.eq(Decimal::new(1000, 2)),
            campaigns::eligible_scope_type.eq(&world.scope.0),
            campaigns::eligible_scope_values.eq(&world.scope.1),
            campaigns::stacking_rules.eq(serde_json::json!({
                "cumulativeWithOtherPromotions": world.cumulative,
                "excludeLinesWithOtherDiscounts": false,
            })),
        ))
        .execute(conn)
        .await?;

    let influencer_id = afiliados_db::new_id();
    diesel::insert_into(influencers::table)
        .values((
            influencers::id.eq(influencer_id),
            influencers::tenant_id.eq(tenant_id),
            influencers::first_name.eq("Isabela"),
            influencers::last_name.eq("Prueba"),
            influencers::document_type.eq("CC"),
            influencers::document_number
                .eq(format!("{}", influencer_id.as_u128() % 10_000_000_000)),
            influencers::email.eq(format!(
                "influencer-{}@example.test",
                influencer_id.simple()
            )),
            influencers::status.eq("approved"),
        ))
        .execute(conn)
        .await?;
    diesel::insert_into(campaign_influencers::table)
        .values((
            campaign_influencers::id.eq(afiliados_db::new_id()),
            campaign_influencers::tenant_id.eq(tenant_id),
            campaign_influencers::campaign_id.eq(campaign_id),
            campaign_influencers::influencer_id.eq(influencer_id),
        ))
        .execute(conn)
        .await?;

    let code_id = afiliados_db::new_id();
    diesel::insert_into(discount_codes::table)
        .values((
            discount_codes::id.eq(code_id),
            discount_codes::tenant_id.eq(tenant_id),
            discount_codes::campaign_id.eq(campaign_id),
            discount_codes::influencer_id.eq(influencer_id),
            discount_codes::brand_id.eq(brand_id),
            discount_codes::code.eq(&world.code),
            discount_codes::discount_percent.eq(world.discount_percent),
            discount_codes::max_uses.eq(world.max_uses),
            discount_codes::max_uses_per_customer.eq(world.max_uses_per_customer),
            discount_codes::status.eq(&world.code_status),
            discount_codes::created_by.eq("system:test"),
        ))
        .execute(conn)
        .await?;
    Ok(CodeIds {
        brand_id,
        campaign_id,
        influencer_id,
        code_id,
    })
}

/// The sync bookkeeping of a code: `(sync_state, sync_revision, synced_revision, vtex_coupon_id,
/// vtex_archived, last_sync_error)`.
pub type CodeSync = (
    String,
    i32,
    Option<i32>,
    Option<String>,
    Option<bool>,
    Option<String>,
);

/// Reads a code's sync bookkeeping.
pub async fn code_sync(conn: &mut AsyncPgConnection, code_id: Uuid) -> anyhow::Result<CodeSync> {
    Ok(discount_codes::table
        .find(code_id)
        .select((
            discount_codes::sync_state,
            discount_codes::sync_revision,
            discount_codes::synced_revision,
            discount_codes::vtex_coupon_id,
            discount_codes::vtex_archived,
            discount_codes::last_sync_error,
        ))
        .first(conn)
        .await?)
}
