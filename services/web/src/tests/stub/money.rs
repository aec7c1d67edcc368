//! The stub's money endpoints (`api.md` §9, §10, §19): one attributed order with its
//! explanation, its commission (which remembers a hold so the hold/release round trip is real),
//! settlement runs with their CSV, webhook deliveries and ledger entries. The bodies are built
//! from the api-types DTOs, so they have exactly the shape the api serves.

use actix_web::HttpResponse;
use actix_web::http::{Method, header};
use afiliados_api_types::commissions::{
    CommissionLineResponse, CommissionResponse, CommissionSummary, CommissionTier, CountAmount,
    TransitionResponse,
};
use afiliados_api_types::dashboards::{
    CampaignStatusCounts, CodeStatusCounts, CommissionsOnHold, DashboardInfluencer,
    DashboardPeriod, GestorCampaigns, GestorCodes, GestorDashboard, GestorInfluencers,
    InfluencerDashboard, InfluencerStatusCounts, MonthlyEarnings, PendingApproval,
    PendingApprovals, ProgressTier, TierProgressEntry, Wallet, WalletBrand, WalletBuckets,
};
use afiliados_api_types::deliveries::Delivery;
use afiliados_api_types::ledger::{LedgerDeltas, LedgerEntryResponse};
use afiliados_api_types::order_explain::{
    ExplainedAttribution, ExplainedCheck, ExplainedCheckName, ExplainedCoupon, ExplainedDelivery,
    ExplainedLine, ExplainedRule, ExplainedScope, ExplainedSelfReferral, ExplainedTier,
    OrderExplanation, ShippingAllocation,
};
use afiliados_api_types::order_views::{
    OrderCommissionBrief, OrderLineResponse, OrderResponse, OrderStatusChange,
};
use afiliados_api_types::settlements::{
    SettlementGroup, SettlementItem, SettlementRunResponse, SettlementTotals,
};
use afiliados_domain::{
    CommissionBasis, CommissionState, DeliveryKind, DeliveryStatus, DeliveryVerification,
    EligibleScopeType, HoldReason, LedgerEntryType, Money, OrderStatus, Percent, SettlementSource,
    SettlementStatus, TransitionKind,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::fixtures as f;
use super::json as reply;
use super::{StubState, ok};

pub(crate) const ORDER_ID: &str = "0190a0a0-0000-7000-8000-00000000a001";
pub(crate) const VTEX_ORDER_ID: &str = "1432120512345-01";
pub(crate) const COMMISSION_ID: &str = "0190a0a0-0000-7000-8000-00000000a002";
pub(crate) const RUN_ID: &str = "0190a0a0-0000-7000-8000-00000000a003";
pub(crate) const DELIVERY_ID: &str = "0190a0a0-0000-7000-8000-00000000a004";
/// A rejected delivery: the api refuses to reprocess it.
pub(crate) const REJECTED_DELIVERY_ID: &str = "0190a0a0-0000-7000-8000-00000000a005";
/// The waiting period that makes the stub answer 409 `settlement_in_progress`.
pub(crate) const BUSY_WAITING_DAYS: i64 = 7;
pub(crate) const CSV: &[u8] = b"lista,comision_id,pedido_vtex\nconfirmed,x,1432120512345-01\n";

/// A fixture id, bare or typed as the DTO field wants it.
fn id<T: From<Uuid>>(raw: &str) -> T {
    T::from(raw.parse::<Uuid>().unwrap())
}

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

fn money(raw: &str) -> Money {
    Money::parse(raw).unwrap()
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn order(detail: bool) -> OrderResponse {
    OrderResponse {
        id: id(ORDER_ID),
        vtex_order_id: VTEX_ORDER_ID.into(),
        sequence: Some("12345".into()),
        status: OrderStatus::Invoiced,
        vtex_status: "invoiced".into(),
        status_unmapped: false,
        placed_at: at("2026-03-02T14:05:10Z"),
        paid_at: Some(at("2026-03-02T15:00:00Z")),
        invoiced_at: Some(at("2026-03-03T10:00:00Z")),
        shipped_at: None,
        canceled_at: None,
        returned_at: None,
        currency: "COP".into(),
        items_total: money("350000.00"),
        discounts_total: money("23970.00"),
        shipping_amount: money("12000.00"),
        tax_amount: money("61945.70"),
        total_amount: money("338030.00"),
        net_items_total: money("326030.00"),
        eligible_amount: money("125820.00"),
        coupon_code: Some("cetaphil-isabela7kq2".into()),
        discount_code_id: Some(id(f::CODE_ID)),
        brand_id: Some(id(f::BRAND_ID)),
        influencer_id: Some(id(f::INFLUENCER_ID)),
        campaign_id: Some(id(f::CAMPAIGN_ID)),
        attributed: true,
        non_attribution_reason: None,
        self_referral: false,
        last_change: at("2026-03-03T10:00:00Z"),
        ingest_count: 3,
        last_source: "hook".into(),
        commission: Some(OrderCommissionBrief {
            id: id(COMMISSION_ID),
            state: CommissionState::Estimated,
            commission_amount: money("12582.00"),
            net_amount: money("12582.00"),
            on_hold: false,
        }),
        lines: detail.then(|| {
            vec![OrderLineResponse {
                line_index: 0,
                sku_id: "101".into(),
                product_id: "55".into(),
                ref_id: None,
                name: "Cetaphil Limpiador 473 ml".into(),
                vtex_brand_id: Some("2000050".into()),
                brand_name: Some("Cetaphil".into()),
                category_path: vec!["Cuidado facial".into()],
                category_id: Some("3".into()),
                quantity: 2,
                removed_quantity: 0,
                returned_quantity: 0,
                unit_price: money("62910.00"),
                list_price: money("70000.00"),
                selling_price: money("62910.00"),
                line_gross: money("125820.00"),
                line_discount: money("0.00"),
                line_net: money("125820.00"),
                line_tax: money("23905.80"),
                shipping_share: money("0.00"),
                is_gift: false,
                eligible: true,
                ineligibility_reason: None,
                eligible_amount: money("125820.00"),
            }]
        }),
        status_history: detail.then(|| {
            vec![OrderStatusChange {
                from_status: Some(OrderStatus::Paid),
                to_status: OrderStatus::Invoiced,
                vtex_status: "invoiced".into(),
                changed_at: at("2026-03-03T10:00:00Z"),
                source: "hook".into(),
            }]
        }),
        created_at: at("2026-03-02T14:06:00Z"),
        updated_at: at("2026-03-03T10:00:01Z"),
    }
}

fn transition(kind: TransitionKind, reason: Option<&str>) -> TransitionResponse {
    TransitionResponse {
        id: Uuid::now_v7(),
        commission_id: id(COMMISSION_ID),
        from_state: Some(CommissionState::Estimated),
        to_state: CommissionState::Estimated,
        kind,
        amount: money("0.00"),
        reason: reason.map(str::to_owned),
        triggered_by: "user:finance@example.com".into(),
        context: json!({}),
        occurred_at: at("2026-03-04T09:00:00Z"),
    }
}

fn commission(held: bool, reverted: bool) -> CommissionResponse {
    let mut trail = vec![TransitionResponse {
        from_state: None,
        kind: TransitionKind::Created,
        amount: money("12582.00"),
        triggered_by: "system:ingest".into(),
        occurred_at: at("2026-03-02T14:06:00Z"),
        ..transition(TransitionKind::Created, None)
    }];
    if held {
        trail.push(transition(
            TransitionKind::HoldPlaced,
            Some("revisión manual"),
        ));
    }
    CommissionResponse {
        id: id(COMMISSION_ID),
        order_id: id(ORDER_ID),
        vtex_order_id: VTEX_ORDER_ID.into(),
        influencer_id: id(f::INFLUENCER_ID),
        influencer_name: "Isabela Gómez".into(),
        campaign_id: id(f::CAMPAIGN_ID),
        campaign_name: "Cetaphil Marzo".into(),
        brand_id: id(f::BRAND_ID),
        brand_name: "Cetaphil".into(),
        discount_code_id: id(f::CODE_ID),
        code: f::CODE.into(),
        state: if reverted {
            CommissionState::Reverted
        } else {
            CommissionState::Estimated
        },
        commission_rate: Percent::parse("10.00").unwrap(),
        tier: CommissionTier {
            id: None,
            level: 1,
            name: "Base".into(),
        },
        campaign_version: 3,
        eligible_amount: money("125820.00"),
        commission_amount: money("12582.00"),
        reverted_amount: money(if reverted { "12582.00" } else { "0.00" }),
        net_amount: money(if reverted { "0.00" } else { "12582.00" }),
        order_total: money("338030.00"),
        on_hold: held,
        hold_reason: held.then_some(HoldReason::Manual),
        held_at: held.then(|| at("2026-03-04T09:00:00Z")),
        estimated_at: at("2026-03-02T14:06:00Z"),
        confirmation_due_at: Some(at("2026-03-17T15:00:00Z")),
        confirmed_at: None,
        reverted_at: None,
        reversal_reason: None,
        settlement_run_id: None,
        lines: Some(vec![CommissionLineResponse {
            order_line_id: Uuid::now_v7(),
            line_index: 0,
            eligible_amount: money("125820.00"),
            commission_amount: money("12582.00"),
            reverted_quantity: 0,
            reverted_amount: money("0.00"),
        }]),
        transitions: Some(trail),
        rule_snapshot: Some(json!({"commissionRate": 10.0, "campaignVersion": 3})),
    }
}

fn check(name: ExplainedCheckName, compared: Option<Value>) -> ExplainedCheck {
    ExplainedCheck {
        check: name,
        passed: true,
        evaluated: true,
        detail: None,
        compared,
    }
}

fn explanation(influencer: bool, held: bool) -> OrderExplanation {
    use ExplainedCheckName as C;
    let mut base = order(false);
    if influencer {
        base.coupon_code = None;
    }
    OrderExplanation {
        order: base,
        coupon: ExplainedCoupon {
            raw: Some("cetaphil-isabela7kq2".into()),
            normalized: Some(f::CODE.into()),
            matched_code_id: Some(id(f::CODE_ID)),
            matched_code: Some(f::CODE.into()),
        },
        attribution: ExplainedAttribution {
            attributed: true,
            reason: None,
            checks: vec![
                check(C::HasCoupon, None),
                ExplainedCheck {
                    detail: Some(f::CODE.into()),
                    ..check(C::CodeExists, None)
                },
                check(
                    C::CodeCreatedBeforeOrder,
                    Some(
                        json!({"codeCreatedAt": "2026-02-01T15:00:00Z", "placedAt": "2026-03-02T14:05:10Z"}),
                    ),
                ),
                check(C::CodeEnabledAtPlacement, None),
                check(
                    C::InfluencerApprovedAtPlacement,
                    Some(json!({"statusAtPlacement": "approved"})),
                ),
                check(
                    C::CampaignActiveAtPlacement,
                    Some(json!({"statusAtPlacement": "active"})),
                ),
                check(
                    C::CampaignWithinDates,
                    Some(
                        json!({"placedOn": "2026-03-02", "startDate": "2026-02-01", "endDate": "2026-04-30"}),
                    ),
                ),
                check(
                    C::MinOrderValue,
                    Some(json!({"netItemsTotal": 326030.00, "minOrderValue": 150000.00})),
                ),
            ],
            self_referral: ExplainedSelfReferral {
                flagged: false,
                matched_on: None,
            },
        },
        rule: Some(ExplainedRule {
            campaign_version: 3,
            commission_rate: Percent::parse("10.00").unwrap(),
            tier: ExplainedTier {
                level: 1,
                name: "Base".into(),
            },
            tier_source: "tier_history".into(),
            commission_basis: CommissionBasis::PreTax,
            include_shipping: false,
            eligible_scope: ExplainedScope {
                scope_type: EligibleScopeType::Category,
                values: vec!["3".into()],
            },
            vtex_brand_id: Some("2000050".into()),
            stacking_rules: json!({}),
            confirmation_window_days: 15,
        }),
        lines: Some(vec![ExplainedLine {
            line_index: 0,
            name: "Cetaphil Limpiador 473 ml".into(),
            eligible: true,
            reason: "eligible".into(),
            ineligibility_reason: None,
            line_net: money("125820.00"),
            line_tax: money("23905.80"),
            shipping_share: money("0.00"),
            eligible_amount: money("125820.00"),
            commission_amount: money("12582.00"),
            formula: Some("125820.00 × 10.00 / 100 = 12582.00".into()),
            returned_quantity: 0,
            reverted_amount: money("0.00"),
        }]),
        shipping_allocation: ShippingAllocation {
            shipping_total: money("12000.00"),
            base: money("326030.00"),
            shares: vec![money("4630.98")],
        },
        commission: Some(commission(held, false)),
        transitions: commission(held, false).transitions.unwrap_or_default(),
        deliveries: (!influencer).then(|| {
            vec![ExplainedDelivery {
                id: id(DELIVERY_ID),
            }]
        }),
    }
}

fn run(dry_run: bool) -> SettlementRunResponse {
    let item = SettlementItem {
        commission_id: id(COMMISSION_ID),
        vtex_order_id: VTEX_ORDER_ID.into(),
        influencer_id: id(f::INFLUENCER_ID),
        influencer_name: "Isabela Gómez".into(),
        brand_id: id(f::BRAND_ID),
        brand_name: "Cetaphil".into(),
        campaign_id: id(f::CAMPAIGN_ID),
        campaign_name: "Cetaphil Marzo".into(),
        previous_state: CommissionState::Estimated,
        next_state: CommissionState::Confirmed,
        amount: money("12582.00"),
        effective_at: Some(at("2026-03-20T05:00:00Z")),
        reason: None,
        due_at: Some(at("2026-03-17T15:00:00Z")),
    };
    let group = SettlementGroup {
        id: id(f::BRAND_ID),
        name: "Cetaphil".into(),
        confirmed_count: 1,
        confirmed_amount: money("12582.00"),
        reverted_count: 0,
        reverted_amount: money("0.00"),
        pending_count: 0,
        pending_amount: money("0.00"),
    };
    let mut totals = SettlementTotals::default();
    totals.confirmed.count = 1;
    totals.confirmed.amount = money("12582.00");
    SettlementRunResponse {
        id: id(RUN_ID),
        evaluation_at: at("2026-03-20T05:00:00Z"),
        waiting_period_days: None,
        dry_run,
        source: SettlementSource::Manual,
        triggered_by: "finance@example.com".into(),
        status: SettlementStatus::Completed,
        started_at: at("2026-03-20T05:00:00Z"),
        finished_at: Some(at("2026-03-20T05:00:02Z")),
        totals,
        by_brand: vec![group.clone()],
        by_campaign: vec![SettlementGroup {
            id: id(f::CAMPAIGN_ID),
            name: "Cetaphil Marzo".into(),
            ..group
        }],
        confirmed: Some(vec![item]),
        reverted: Some(vec![]),
        pending: Some(vec![]),
        truncated: Some(Default::default()),
        report_csv_url: format!("/api/v1/commissions/settlements/{RUN_ID}/report.csv"),
    }
}

fn delivery(raw_id: &str, status: DeliveryStatus) -> Delivery {
    Delivery {
        id: id(raw_id),
        received_at: at("2026-03-03T10:00:00Z"),
        kind: DeliveryKind::Hook,
        vtex_order_id: Some(VTEX_ORDER_ID.into()),
        state: Some("invoiced".into()),
        last_state: Some("payment-approved".into()),
        last_change: Some(at("2026-03-03T09:59:00Z")),
        current_change: Some(at("2026-03-03T10:00:00Z")),
        origin_account: Some("medipiel".into()),
        origin_key: Some("vtexappkey-medipiel".into()),
        idempotency_key: Some(format!("{VTEX_ORDER_ID}|invoiced|2026-03-03T09:59:00Z")),
        duplicate_of: None,
        verification: DeliveryVerification::HookHeader,
        verification_error: None,
        status,
        attempts: 2,
        last_attempt_at: Some(at("2026-03-03T10:00:05Z")),
        processed_at: None,
        error: (status == DeliveryStatus::Failed).then(|| "VTEX 503 fetching the order".into()),
        response_code: 200,
        payload_sha256: "ab".repeat(32),
        payload_size: 512,
        source_ip: Some("34.200.1.1".into()),
        order_id: Some(id(ORDER_ID)),
        payload_purged_at: None,
        payload: None,
    }
}

fn ledger_entry(
    seq: i64,
    entry_type: LedgerEntryType,
    estimated: &str,
    confirmed: &str,
    available: &str,
) -> LedgerEntryResponse {
    let zero = money("0.00");
    LedgerEntryResponse {
        id: Uuid::now_v7(),
        seq,
        influencer_id: id(f::INFLUENCER_ID),
        brand_id: id(f::BRAND_ID),
        entry_type,
        amount: money("12582.00"),
        deltas: LedgerDeltas {
            estimated: money(estimated),
            confirmed: money(confirmed),
            reverted: zero,
            pending_withdrawal: zero,
            withdrawn: zero,
            pending_adjustments: zero,
        },
        available_after: money(available),
        commission_id: Some(id(COMMISSION_ID)),
        withdrawal_id: None,
        payment_id: None,
        adjustment_id: None,
        settlement_run_id: None,
        reconciliation_id: None,
        description: format!("Pedido {VTEX_ORDER_ID}"),
        created_by: "system:ingest".into(),
        created_at: at("2026-03-02T14:06:00Z"),
    }
}

fn page(items: Vec<Value>) -> Value {
    f::page(items)
}

fn refuse(status: u16, code: &str) -> HttpResponse {
    reply(status, f::error(code, json!([])))
}

// ---- dashboards (`api.md` §15) ----

fn buckets(confirmed: &str, available: &str) -> WalletBuckets {
    let zero = money("0.00");
    WalletBuckets {
        estimated: money("12582.00"),
        confirmed: money(confirmed),
        reverted: zero,
        pending_withdrawal: zero,
        withdrawn: zero,
        pending_adjustments: zero,
        available: money(available),
    }
}

/// The influencer's dashboard: a wallet in one brand, this month, two months of the chart and a
/// campaign 62 % of the way to its next tier.
pub(crate) fn influencer_dashboard() -> InfluencerDashboard {
    let tier = |level: i32, name: &str, percent: &str, threshold: &str| ProgressTier {
        level,
        name: name.into(),
        commission_percent: Percent::parse(percent).unwrap(),
        threshold: money(threshold),
    };
    InfluencerDashboard {
        influencer: DashboardInfluencer {
            id: id(f::INFLUENCER_ID),
            first_name: "Isabela".into(),
            last_name: "Gómez".into(),
            status: afiliados_domain::InfluencerStatus::Approved,
            email: "isabela@example.com".into(),
            city: Some("Cali".into()),
            country: "CO".into(),
            social_links: vec![],
            pending_consents: vec![],
        },
        wallet: Wallet {
            totals: buckets("250000.00", "250000.00"),
            by_brand: vec![WalletBrand {
                brand_id: id(f::BRAND_ID),
                brand_name: "Cetaphil".into(),
                currency: "COP".into(),
                balance: buckets("250000.00", "250000.00"),
                minimum_withdrawal: money("50000.00"),
                max_withdrawable: money("250000.00"),
                can_withdraw: true,
            }],
        },
        period: DashboardPeriod {
            from: at("2026-03-01T05:00:00Z"),
            to: at("2026-04-01T05:00:00Z"),
            attributed_orders: 3,
            canceled_orders: 1,
            eligible_sales: money("125820.00"),
            estimated_commission: money("12582.00"),
            confirmed_commission: money("0.00"),
            on_hold_commission: money("0.00"),
            reverted_commission: money("0.00"),
        },
        monthly: vec![
            MonthlyEarnings {
                month: "2026-02".into(),
                eligible_sales: money("2500000.00"),
                confirmed_commission: money("250000.00"),
            },
            MonthlyEarnings {
                month: "2026-03".into(),
                eligible_sales: money("125820.00"),
                confirmed_commission: money("0.00"),
            },
        ],
        sales_by_campaign: vec![],
        tier_progress: vec![TierProgressEntry {
            campaign_id: id(f::CAMPAIGN_ID),
            campaign_name: "Cetaphil Marzo".into(),
            brand_id: id(f::BRAND_ID),
            current_tier: tier(1, "Base", "10.00", "0.00"),
            window_start: at("2026-02-01T05:00:00Z"),
            window_end: at("2026-03-01T05:00:00Z"),
            sales_volume: money("3100000.00"),
            next_tier: Some(tier(2, "Oro", "12.00", "5000000.00")),
            remaining_to_next: money("1900000.00"),
            progress_percent: 62,
            next_evaluation_on: chrono::NaiveDate::from_ymd_opt(2026, 4, 1),
        }],
        codes: vec![],
        recent_withdrawals: vec![],
        recent_payments: vec![],
        open_adjustments: vec![],
        unread_notifications: 0,
        generated_at: at("2026-03-20T15:00:00Z"),
    }
}

/// The gestor's dashboard: one overdue approval, a failed sync, one held commission.
pub(crate) fn gestor_dashboard() -> GestorDashboard {
    GestorDashboard {
        influencers: GestorInfluencers {
            total: 12,
            by_status: InfluencerStatusCounts {
                pending: 2,
                approved: 9,
                rejected: 0,
                suspended: 1,
            },
        },
        pending_approvals: PendingApprovals {
            count: 2,
            oldest: vec![PendingApproval {
                id: id(f::INFLUENCER_ID),
                first_name: "Isabela".into(),
                last_name: "Gómez".into(),
                email: "isabela@example.com".into(),
                created_at: at("2026-03-02T14:05:10Z"),
                business_days_waiting: 5,
                overdue: true,
            }],
        },
        campaigns: GestorCampaigns {
            by_status: CampaignStatusCounts {
                active: 4,
                ..CampaignStatusCounts::default()
            },
            items: vec![],
        },
        codes: GestorCodes {
            by_status: CodeStatusCounts {
                pending: 1,
                active: 7,
                inactive: 0,
            },
            sync_failed: 1,
            recent: vec![],
        },
        commissions_on_hold: CommissionsOnHold {
            count: 1,
            net_amount: money("12582.00"),
        },
        influencers_with_pending_consents: 3,
        unread_notifications: 0,
        generated_at: at("2026-03-20T15:00:00Z"),
    }
}

/// The answer, or `None` for requests the other tables handle.
pub(super) fn answer(
    method: &Method,
    segments: &[&str],
    role: &str,
    body: &Value,
    state: &StubState,
) -> Option<HttpResponse> {
    let influencer = role == "influencer";
    let held = *state.held.lock().unwrap();
    let reverted = *state.reverted.lock().unwrap();
    Some(match (method, segments) {
        (&Method::GET, ["dashboard", "influencer"]) => ok(to_json(&influencer_dashboard())),
        (&Method::GET, ["dashboard", "gestor"]) => ok(to_json(&gestor_dashboard())),
        (&Method::GET, ["orders"]) => ok(page(vec![to_json(&order(false))])),
        (&Method::GET, ["orders", ORDER_ID]) => ok(to_json(&order(true))),
        (&Method::GET, ["orders", ORDER_ID, "explain"]) => {
            ok(to_json(&explanation(influencer, held)))
        }
        (&Method::GET, ["orders", ..]) => refuse(404, "not_found"),
        (&Method::GET, ["commissions"]) => ok(page(vec![to_json(&commission(held, reverted))])),
        (&Method::GET, ["commissions", "summary"]) => {
            let amount = |raw: &str, count| CountAmount {
                count,
                amount: money(raw),
            };
            ok(to_json(&CommissionSummary {
                estimated: amount("12582.00", 1),
                confirmed: amount("1234567.89", 4),
                reverted: amount("0.00", 0),
                on_hold: amount(if held { "12582.00" } else { "0.00" }, i64::from(held)),
                eligible_amount: money("125820.00"),
            }))
        }
        (&Method::GET, ["commissions", COMMISSION_ID]) => ok(to_json(&commission(held, reverted))),
        (&Method::POST, ["commissions", COMMISSION_ID, "hold"]) => {
            if held || reverted {
                return Some(refuse(409, "commission_not_holdable"));
            }
            if !matches!(body["reason"].as_str(), Some("fraud_review" | "manual")) {
                return Some(reply(
                    422,
                    f::error(
                        "validation_failed",
                        json!([{"field": "reason", "code": "invalid_enum", "message": "r"}]),
                    ),
                ));
            }
            *state.held.lock().unwrap() = true;
            ok(to_json(&commission(true, false)))
        }
        (&Method::POST, ["commissions", COMMISSION_ID, "release"]) => {
            if !held {
                return Some(refuse(409, "commission_not_on_hold"));
            }
            *state.held.lock().unwrap() = false;
            ok(to_json(&commission(false, false)))
        }
        (&Method::POST, ["commissions", COMMISSION_ID, "revert"]) => {
            if reverted {
                return Some(refuse(409, "commission_already_reverted"));
            }
            *state.reverted.lock().unwrap() = true;
            ok(to_json(&commission(false, true)))
        }
        (&Method::GET | &Method::POST, ["commissions", _, ..]) if segments[1] != "settlements" => {
            refuse(404, "not_found")
        }
        (&Method::POST, ["commissions", "settlements", "run"]) => {
            if body["waitingPeriodDays"] == json!(BUSY_WAITING_DAYS) {
                return Some(refuse(409, "settlement_in_progress"));
            }
            ok(to_json(&run(body["dryRun"] == json!(true))))
        }
        (&Method::GET, ["commissions", "settlements"]) => {
            let mut listed = run(true);
            listed.confirmed = None;
            listed.reverted = None;
            listed.pending = None;
            listed.truncated = None;
            ok(page(vec![to_json(&listed)]))
        }
        (&Method::GET, ["commissions", "settlements", RUN_ID]) => ok(to_json(&run(true))),
        (&Method::GET, ["commissions", "settlements", RUN_ID, "report.csv"]) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"settlement-{RUN_ID}.csv\""),
            ))
            .body(CSV),
        (&Method::GET, ["vtex", "webhooks", "deliveries"]) => ok(page(vec![
            to_json(&delivery(DELIVERY_ID, DeliveryStatus::Failed)),
            to_json(&delivery(REJECTED_DELIVERY_ID, DeliveryStatus::Rejected)),
        ])),
        (&Method::GET, ["vtex", "webhooks", "deliveries", DELIVERY_ID]) => {
            let mut detail = delivery(DELIVERY_ID, DeliveryStatus::Failed);
            detail.payload = Some(json!({"orderId": VTEX_ORDER_ID, "status": "invoiced"}));
            ok(to_json(&detail))
        }
        (&Method::GET, ["vtex", "webhooks", "deliveries", REJECTED_DELIVERY_ID]) => ok(to_json(
            &delivery(REJECTED_DELIVERY_ID, DeliveryStatus::Rejected),
        )),
        (&Method::POST, ["vtex", "webhooks", "deliveries", "reprocess"]) => {
            reply(202, json!({"enqueued": 3}))
        }
        (&Method::POST, ["vtex", "webhooks", "deliveries", DELIVERY_ID, "reprocess"]) => reply(
            202,
            to_json(&delivery(DELIVERY_ID, DeliveryStatus::Received)),
        ),
        (&Method::POST, ["vtex", "webhooks", "deliveries", _, "reprocess"]) => {
            refuse(409, "delivery_not_reprocessable")
        }
        (&Method::GET, ["ledger"]) => ok(page(vec![
            to_json(&ledger_entry(
                2,
                LedgerEntryType::CommissionConfirmed,
                "-12582.00",
                "12582.00",
                "12582.00",
            )),
            to_json(&ledger_entry(
                1,
                LedgerEntryType::CommissionEstimated,
                "12582.00",
                "0.00",
                "0.00",
            )),
        ])),
        _ => return None,
    })
}
