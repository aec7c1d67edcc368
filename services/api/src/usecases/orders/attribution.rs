//! Attribution at an order's first ingestion (`domain.md` §5.7, §5.8.3, §5.10): finds the code the
//! coupon matches, resolves the influencer's and the campaign's status at placement from their
//! trails, runs the eight checks of the domain core, and — when attributed — freezes the rate,
//! the rule snapshot and the self-referral verdict. Nothing here is written.

use afiliados_api_types::orders::NormalizedOrder;
use afiliados_db::AsyncPgConnection;
use afiliados_db::campaigns::Campaign;
use afiliados_db::discount_codes::DiscountCode;
use afiliados_db::influencers::Influencer;
use afiliados_db::order_attribution;
use afiliados_db::orders::OrderAttribution;
use afiliados_domain::commission::{
    Attribution, AttributionInput, CampaignRules, FrozenRate, MatchedCode, RateSource,
    RuleSnapshot, SelfReferralInput, SelfReferralMatch, StatusChange, TierPeriod, attribute,
    rate_at_placement, self_referral, status_at,
};
use afiliados_domain::{
    CampaignStatus, DocumentNumber, InfluencerStatus, Money, Percent, TierSpec, normalize_code,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// What an attributed order's commission is computed with.
#[derive(Debug, Clone)]
pub struct Pricing {
    /// The frozen rules.
    pub snapshot: RuleSnapshot,
    /// The tier row the rate came from (none for the base percent).
    pub tier_id: Option<Uuid>,
    /// The matched code.
    pub code_id: Uuid,
    /// Its influencer.
    pub influencer_id: Uuid,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// Its brand.
    pub brand_id: Uuid,
    /// The customer is the influencer.
    pub self_referral: Option<SelfReferralMatch>,
}

/// The verdict and what to store.
#[derive(Debug, Clone)]
pub struct Attributed {
    /// The eight checks.
    pub attribution: Attribution,
    /// The order columns.
    pub row: OrderAttribution,
    /// Present when attributed.
    pub pricing: Option<Pricing>,
}

/// The code a coupon matched, with its campaign and influencer.
#[derive(Debug, Clone)]
pub struct MatchedRows {
    /// The code.
    pub code: DiscountCode,
    /// Its campaign.
    pub campaign: Campaign,
    /// Its influencer.
    pub influencer: Influencer,
}

/// The eight checks for an order placed at `placed_at` with `coupon` (§5.7), and the rows of the
/// code it matched. Statuses at placement come from the trails, so the checks of a stored order
/// are the same whenever they run: ingestion freezes their verdict, the explain endpoint shows
/// them again with what they compared.
pub async fn run_checks(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    placed_at: DateTime<Utc>,
    coupon: Option<&str>,
    net_items_total: Money,
) -> Result<(Attribution, Option<MatchedRows>), UseCaseError> {
    let coupon = coupon.filter(|raw| !raw.trim().is_empty());
    let code = match coupon {
        Some(raw) => {
            order_attribution::code_by_text(tx, ctx.tenant_id, &normalize_code(raw)).await?
        }
        None => None,
    };
    let Some(code) = code else {
        let attribution = attribute(&AttributionInput {
            placed_at,
            coupon_code: coupon,
            net_items_total,
            matched: None,
        });
        return Ok((attribution, None));
    };
    // The code names everything else: its campaign, its influencer and both status trails
    // leave together (pipelined, ADR 0082).
    let conn: &AsyncPgConnection = tx;
    let (campaign, influencer, influencer_trail, campaign_trail) = crate::pipelined!(
        async { Ok(afiliados_db::campaigns::find(conn, ctx.tenant_id, code.campaign_id).await?) },
        async {
            Ok(afiliados_db::influencers::find(conn, ctx.tenant_id, code.influencer_id).await?)
        },
        async {
            Ok(order_attribution::status_trail(
                conn,
                ctx.tenant_id,
                "influencer",
                code.influencer_id,
            )
            .await?)
        },
        async {
            Ok(
                order_attribution::status_trail(conn, ctx.tenant_id, "campaign", code.campaign_id)
                    .await?,
            )
        },
    )?;
    let campaign = campaign.ok_or_else(|| UseCaseError::internal("code without its campaign"))?;
    let influencer =
        influencer.ok_or_else(|| UseCaseError::internal("code without its influencer"))?;
    let matched = matched_code(
        &code,
        &campaign,
        &influencer,
        Trails {
            influencer: &influencer_trail,
            campaign: &campaign_trail,
        },
        placed_at,
    )?;
    let attribution = attribute(&AttributionInput {
        placed_at,
        coupon_code: coupon,
        net_items_total,
        matched: Some(&matched),
    });
    Ok((
        attribution,
        Some(MatchedRows {
            code,
            campaign,
            influencer,
        }),
    ))
}

/// Evaluates attribution for the first version of `order` (net items total `net_items_total`).
pub async fn evaluate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    order: &NormalizedOrder,
    net_items_total: Money,
) -> Result<Attributed, UseCaseError> {
    let (attribution, matched) = run_checks(
        tx,
        ctx,
        order.placed_at,
        order.coupon_code.as_deref(),
        net_items_total,
    )
    .await?;
    let Some(MatchedRows {
        code,
        campaign,
        influencer,
    }) = matched
    else {
        return Ok(Attributed {
            row: row(&attribution, None, false),
            attribution,
            pricing: None,
        });
    };
    if !attribution.attributed() {
        return Ok(Attributed {
            row: row(&attribution, Some(&code), false),
            attribution,
            pricing: None,
        });
    }
    let (snapshot, tier_id) = freeze(tx, &campaign, influencer.id, order.placed_at).await?;
    let document =
        DocumentNumber::parse(influencer.document_type, &influencer.document_number).ok();
    let self_referral = self_referral(&SelfReferralInput {
        customer_email: order.customer_email.as_deref(),
        customer_document: order.customer_document.as_deref(),
        influencer_email: &influencer.email,
        influencer_document: document.as_ref(),
    });
    Ok(Attributed {
        row: row(&attribution, Some(&code), self_referral.is_some()),
        attribution,
        pricing: Some(Pricing {
            snapshot,
            tier_id,
            code_id: code.id,
            influencer_id: code.influencer_id,
            campaign_id: code.campaign_id,
            brand_id: code.brand_id,
            self_referral,
        }),
    })
}

fn row(
    attribution: &Attribution,
    code: Option<&DiscountCode>,
    self_referral: bool,
) -> OrderAttribution {
    OrderAttribution {
        discount_code_id: code.map(|code| code.id),
        brand_id: code.map(|code| code.brand_id),
        influencer_id: code.map(|code| code.influencer_id),
        campaign_id: code.map(|code| code.campaign_id),
        attributed: attribution.attributed(),
        non_attribution_reason: attribution
            .non_attribution_reason
            .map(|reason| reason.as_str().to_owned()),
        self_referral,
    }
}

/// The status of an entity at `at`, from its trail. A record without any trail row (written
/// before trails existed, or by a seed) counts as having had its current status since creation.
fn status_at_placement<S: Copy>(
    trail: &[(String, DateTime<Utc>)],
    current: (Option<S>, DateTime<Utc>),
    parse: fn(&str) -> Option<S>,
    at: DateTime<Utc>,
) -> Option<S> {
    let changes: Vec<StatusChange<S>> = if trail.is_empty() {
        current
            .0
            .map(|status| StatusChange {
                changed_at: current.1,
                status,
            })
            .into_iter()
            .collect()
    } else {
        trail
            .iter()
            .filter_map(|(status, changed_at)| {
                parse(status).map(|status| StatusChange {
                    changed_at: *changed_at,
                    status,
                })
            })
            .collect()
    };
    status_at(&changes, at)
}

/// The status trails of a code's influencer and campaign.
struct Trails<'a> {
    influencer: &'a [(String, DateTime<Utc>)],
    campaign: &'a [(String, DateTime<Utc>)],
}

fn matched_code(
    code: &DiscountCode,
    campaign: &Campaign,
    influencer: &Influencer,
    trails: Trails<'_>,
    placed_at: DateTime<Utc>,
) -> Result<MatchedCode, UseCaseError> {
    let influencer_status = status_at_placement(
        trails.influencer,
        (Some(influencer.status), influencer.created_at),
        InfluencerStatus::parse,
        placed_at,
    );
    let campaign_status = status_at_placement(
        trails.campaign,
        (Some(campaign.status), campaign.created_at),
        CampaignStatus::parse,
        placed_at,
    );
    Ok(MatchedCode {
        code: code.code.clone(),
        created_at: code.created_at,
        disabled_at: code.disabled_at,
        starts_on: code.starts_on,
        ends_on: code.ends_on,
        influencer_status,
        campaign_status,
        campaign_start: campaign.start_date,
        campaign_end: campaign.end_date,
        min_order_value: campaign.min_order_value.map(money).transpose()?,
    })
}

fn money(value: Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored money with more than two decimals"))
}

fn percent(value: Decimal) -> Result<Percent, UseCaseError> {
    Percent::from_decimal(value).map_err(|_| UseCaseError::internal("stored percent out of range"))
}

fn stored_enum<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, UseCaseError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| UseCaseError::internal("stored campaign enumeration unknown"))
}

/// The rate at placement and the campaign's rules, frozen (also what `bench-dataset` stores, so
/// its commissions carry the snapshot a real ingest would).
pub(crate) async fn freeze(
    tx: &AsyncPgConnection,
    campaign: &Campaign,
    influencer_id: Uuid,
    placed_at: DateTime<Utc>,
) -> Result<(RuleSnapshot, Option<Uuid>), UseCaseError> {
    // Four independent reads, pipelined (ADR 0082).
    let (tier_rows, periods, brand, promotions) = crate::pipelined!(
        async { Ok(afiliados_db::campaign_tiers::of_campaigns(tx, &[campaign.id]).await?) },
        async { Ok(order_attribution::tier_periods(tx, campaign.id, influencer_id).await?) },
        async { Ok(afiliados_db::brands::find(tx, campaign.tenant_id, campaign.brand_id).await?) },
        async { Ok(afiliados_db::campaign_promotions::for_campaign(tx, campaign.id).await?) },
    )?;
    let mut tiers = Vec::with_capacity(tier_rows.len());
    for tier in &tier_rows {
        tiers.push(TierSpec {
            name: tier.name.clone(),
            level: u32::try_from(tier.level).unwrap_or_default(),
            threshold: money(tier.threshold)?,
            commission_percent: percent(tier.commission_percent)?,
            is_default: tier.is_default,
        });
    }
    let mut history = Vec::new();
    for period in periods {
        history.push(TierPeriod {
            effective_from: period.effective_from,
            effective_to: period.effective_to,
            tier: TierSpec {
                name: period.tier_name.clone(),
                level: u32::try_from(period.tier_level).unwrap_or_default(),
                threshold: Money::ZERO,
                commission_percent: percent(period.commission_percent)?,
                is_default: false,
            },
        });
    }
    let rate: FrozenRate = rate_at_placement(
        &tiers,
        &history,
        percent(campaign.base_commission_percent)?,
        placed_at,
    );
    let tier_id = match rate.source {
        RateSource::BaseCommission => None,
        _ => tier_rows
            .iter()
            .find(|tier| u32::try_from(tier.level).ok() == Some(rate.tier_level))
            .map(|tier| tier.id),
    };
    let brand = brand.ok_or_else(|| UseCaseError::internal("campaign without its brand"))?;
    let rules = CampaignRules {
        campaign_version: campaign.version,
        basis: stored_enum(campaign.commission_basis.as_str())?,
        include_shipping: campaign.include_shipping,
        scope_type: stored_enum(campaign.eligible_scope_type.as_str())?,
        scope_values: campaign.eligible_scope_values.clone(),
        exclude_lines_with_other_discounts:
            campaign.stacking_rules["excludeLinesWithOtherDiscounts"]
                .as_bool()
                .unwrap_or(false),
        campaign_promotion_ids: promotions
            .into_iter()
            .filter_map(|promotion| promotion.vtex_promotion_id)
            .collect(),
        confirmation_window_days: u32::try_from(campaign.confirmation_window_days)
            .unwrap_or_default(),
        min_order_value: campaign.min_order_value.map(money).transpose()?,
        brand_vtex_id: brand.vtex_brand_id.clone(),
    };
    Ok((RuleSnapshot::freeze(rules, &rate), tier_id))
}
