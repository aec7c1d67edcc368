//! `GET /orders/{id}/explain` and `GET /commissions/{id}/explain` (`api.md` §9; `domain.md`
//! §5.7–5.10): why an order is (not) attributed — the eight checks run again from the trails
//! with the values they compared, next to the verdict frozen at first ingestion — and how its
//! commission was computed: the frozen rule, each line with its formula, the shipping
//! allocation, the commission and its transitions. Deliveries are listed empty until the
//! webhook delivery log exists; influencers never get them.

use afiliados_api_types::order_explain::{
    ExplainedAttribution, ExplainedCheck, ExplainedCheckName, ExplainedCoupon, ExplainedDelivery,
    ExplainedLine, ExplainedRule, ExplainedScope, ExplainedSelfReferral, ExplainedTier,
    OrderExplanation, ShippingAllocation,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::orders::Order;
use afiliados_domain::commission::{
    AttributionCheck, CheckOutcome, Compared, HoldReason, IneligibilityReason, RuleSnapshot,
    TransitionKind, Verdict, allocate_shipping,
};
use afiliados_domain::{Actor, Money, Percent};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use super::attribution::run_checks;
use super::read::ORDER_READERS;
use super::representation::{find_visible, order_response};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::commissions::COMMISSION_READERS;
use crate::usecases::commissions::representation::{self, commission_response};
use crate::usecases::fields::money;
use crate::usecases::list_query::stored;
use crate::usecases::{UseCaseContext, UseCaseError};

/// `a × r / 100 = c` with two decimals everywhere (`125820.00 × 10.00 / 100 = 12582.00`).
pub fn formula(eligible: Money, rate: Percent, commission: Money) -> String {
    let two = |value: Decimal| {
        let mut value = value;
        value.rescale(2);
        value.to_string()
    };
    format!(
        "{} × {} / 100 = {}",
        two(eligible.amount()),
        two(rate.value()),
        two(commission.amount())
    )
}

fn check_name(check: AttributionCheck) -> ExplainedCheckName {
    match check {
        AttributionCheck::HasCoupon => ExplainedCheckName::HasCoupon,
        AttributionCheck::CodeExists => ExplainedCheckName::CodeExists,
        AttributionCheck::CodeCreatedBeforeOrder => ExplainedCheckName::CodeCreatedBeforeOrder,
        AttributionCheck::CodeEnabled => ExplainedCheckName::CodeEnabledAtPlacement,
        AttributionCheck::InfluencerApproved => ExplainedCheckName::InfluencerApprovedAtPlacement,
        AttributionCheck::CampaignActive => ExplainedCheckName::CampaignActiveAtPlacement,
        AttributionCheck::WithinDates => ExplainedCheckName::CampaignWithinDates,
        AttributionCheck::MinOrderValue => ExplainedCheckName::MinOrderValue,
    }
}

/// The compared values under the names of `api.md` §9.
fn compared(compared: &Compared) -> (Option<String>, Value) {
    match compared {
        Compared::Coupon { coupon_code } => (None, json!({"couponCode": coupon_code})),
        Compared::CodeLookup {
            coupon_code_normalized,
            matched_code,
        } => (
            matched_code.clone(),
            json!({"normalized": coupon_code_normalized, "matchedCode": matched_code}),
        ),
        Compared::CodeCreated {
            code_created_at,
            placed_at,
        } => (
            None,
            json!({"codeCreatedAt": code_created_at, "placedAt": placed_at}),
        ),
        Compared::CodeDisabled {
            disabled_at,
            placed_at,
        } => (
            None,
            json!({"disabledAt": disabled_at, "placedAt": placed_at}),
        ),
        Compared::InfluencerStatus {
            status_at_placement,
            placed_at,
        } => (
            None,
            json!({"statusAtPlacement": status_at_placement, "placedAt": placed_at}),
        ),
        Compared::CampaignStatus {
            status_at_placement,
            placed_at,
        } => (
            None,
            json!({"statusAtPlacement": status_at_placement, "placedAt": placed_at}),
        ),
        Compared::Dates {
            placed_on,
            campaign_start,
            campaign_end,
            code_starts_on,
            code_ends_on,
        } => (
            None,
            json!({
                "placedOn": placed_on,
                "startDate": campaign_start,
                "endDate": campaign_end,
                "codeStartsOn": code_starts_on,
                "codeEndsOn": code_ends_on,
            }),
        ),
        Compared::MinOrderValue {
            order_value,
            minimum,
        } => (
            None,
            json!({"netItemsTotal": order_value, "minOrderValue": minimum}),
        ),
    }
}

fn explained_check(outcome: &CheckOutcome) -> ExplainedCheck {
    let (detail, values) = compared(&outcome.compared);
    ExplainedCheck {
        check: check_name(outcome.check),
        passed: outcome.verdict == Verdict::Passed,
        evaluated: outcome.verdict != Verdict::NotEvaluated,
        detail,
        compared: Some(values),
    }
}

fn rule(snapshot: &RuleSnapshot) -> ExplainedRule {
    ExplainedRule {
        campaign_version: snapshot.campaign_version,
        commission_rate: snapshot.rate,
        tier: ExplainedTier {
            level: snapshot.tier_level,
            name: snapshot.tier_name.clone(),
        },
        tier_source: if snapshot.tier_level == 0 {
            "base_commission".to_owned()
        } else {
            "tier".to_owned()
        },
        commission_basis: snapshot.basis,
        include_shipping: snapshot.include_shipping,
        eligible_scope: ExplainedScope {
            scope_type: snapshot.scope_type,
            values: snapshot.scope_values.clone(),
        },
        vtex_brand_id: snapshot.brand_vtex_id.clone(),
        stacking_rules: json!({
            "excludeLinesWithOtherDiscounts": snapshot.exclude_lines_with_other_discounts,
            "campaignPromotionIds": snapshot.campaign_promotion_ids,
        }),
        confirmation_window_days: snapshot.confirmation_window_days,
    }
}

/// Explains `order` for a caller whose scope covers it.
async fn explain(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    order: &Order,
    influencer_view: bool,
) -> Result<OrderExplanation, UseCaseError> {
    let commission = afiliados_db::commissions::of_orders(tx, &[order.id])
        .await?
        .into_iter()
        .next();
    let (attribution, matched) = run_checks(
        tx,
        ctx,
        order.placed_at,
        order.coupon_code.as_deref(),
        money(order.net_items_total),
    )
    .await?;
    let transitions = match &commission {
        Some(row) => afiliados_db::commission_transitions::rows_of_commission(tx, row.id).await?,
        None => Vec::new(),
    };
    let matched_on = transitions
        .iter()
        .find(|t| {
            t.kind == TransitionKind::HoldPlaced.as_str()
                && t.reason.as_deref() == Some(HoldReason::SelfReferral.as_str())
        })
        .and_then(|t| t.context["matchedBy"].as_str().map(str::to_owned));
    let order_lines = afiliados_db::order_lines::of_order(tx, order.id).await?;
    let nets: Vec<Money> = order_lines.iter().map(|l| money(l.line_net)).collect();
    let shipping_allocation = ShippingAllocation {
        shipping_total: money(order.shipping_total),
        base: nets.iter().copied().sum(),
        shares: allocate_shipping(money(order.shipping_total), &nets),
    };
    let (rule, lines, commission_view) = match &commission {
        Some(row) => {
            let snapshot: RuleSnapshot = serde_json::from_value(row.rule_snapshot.clone())
                .map_err(|error| UseCaseError::internal(format!("rule snapshot: {error}")))?;
            let commission_lines: Vec<_> =
                afiliados_db::commission_lines::of_commission(tx, row.id)
                    .await?
                    .into_iter()
                    .map(|(_, line)| line)
                    .collect();
            let mut lines = Vec::new();
            for line in &order_lines {
                let own = commission_lines.iter().find(|c| c.order_line_id == line.id);
                let reason = line
                    .ineligibility_reason
                    .as_deref()
                    .map(|reason| stored(reason, IneligibilityReason::parse))
                    .transpose()?;
                let eligible_amount = money(line.eligible_amount);
                let commission_amount = own.map_or(Money::ZERO, |c| money(c.commission_amount));
                lines.push(ExplainedLine {
                    line_index: line.line_index,
                    name: line.name.clone(),
                    eligible: line.eligible,
                    reason: reason.map_or("eligible", |r| r.as_str()).to_owned(),
                    ineligibility_reason: reason,
                    line_net: money(line.line_net),
                    line_tax: money(line.line_tax),
                    shipping_share: money(line.shipping_share),
                    eligible_amount,
                    commission_amount,
                    formula: line
                        .eligible
                        .then(|| formula(eligible_amount, snapshot.rate, commission_amount)),
                    returned_quantity: line.returned_quantity,
                    reverted_amount: own.map_or(Money::ZERO, |c| money(c.reverted_amount)),
                });
            }
            let named = afiliados_db::commissions::find_named(tx, ctx.tenant_id, row.id)
                .await?
                .ok_or_else(|| UseCaseError::internal("commission vanished"))?;
            (
                Some(rule(&snapshot)),
                Some(lines),
                Some(commission_response(named)?),
            )
        }
        None => (None, None, None),
    };
    let reason = order
        .non_attribution_reason
        .as_deref()
        .map(|reason| {
            stored(
                reason,
                afiliados_domain::commission::NonAttributionReason::parse,
            )
        })
        .transpose()?;
    Ok(OrderExplanation {
        order: order_response(order, commission.as_ref())?,
        coupon: ExplainedCoupon {
            raw: order.coupon_code.clone(),
            normalized: order.coupon_code_normalized.clone(),
            matched_code_id: order.discount_code_id.map(Into::into),
            matched_code: matched.map(|rows| rows.code.code),
        },
        attribution: ExplainedAttribution {
            attributed: order.attributed,
            reason,
            checks: attribution.checks.iter().map(explained_check).collect(),
            self_referral: ExplainedSelfReferral {
                flagged: order.self_referral,
                matched_on: if influencer_view { None } else { matched_on },
            },
        },
        rule,
        lines,
        shipping_allocation,
        commission: commission_view,
        transitions: transitions
            .into_iter()
            .map(representation::transition_response)
            .collect::<Result<Vec<_>, _>>()?,
        deliveries: if influencer_view {
            None
        } else {
            Some(Vec::<ExplainedDelivery>::new())
        },
    })
}

/// `GET /orders/{id}/explain`: same roles and scope as `GET /orders/{id}`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn explain_order(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: &str,
) -> Result<OrderExplanation, UseCaseError> {
    let scope = resolve(tx, actor, &ORDER_READERS, true, true).await?;
    let order = find_visible(tx, ctx, &scope, id).await?;
    let influencer_view = matches!(scope, Scope::Influencer(_));
    explain(tx, ctx, &order, influencer_view).await
}

/// `GET /commissions/{id}/explain`: the explanation of the commission's order, with the roles
/// and scope of `GET /commissions/{id}`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, commission.id = %id))]
pub async fn explain_commission(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<OrderExplanation, UseCaseError> {
    let scope = resolve(tx, actor, &COMMISSION_READERS, true, true).await?;
    let named = representation::find_visible(tx, ctx, &scope, id).await?;
    let order = afiliados_db::orders::find(tx, ctx.tenant_id, named.commission.order_id)
        .await?
        .ok_or_else(|| UseCaseError::internal("commission without its order"))?;
    let influencer_view = matches!(scope, Scope::Influencer(_));
    explain(tx, ctx, &order, influencer_view).await
}
