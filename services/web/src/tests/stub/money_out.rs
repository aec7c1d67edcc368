//! The stub's money-out endpoints (`api.md` §11, §15): four withdrawals (pending, approved and
//! payable with a withholding preview, approved on hold, paid with documents), a payment with its
//! voucher, one open batch, two adjustments and the finance dashboard. Statuses move as the api
//! moves them (approve, reject, pay, batch pay and cancel, resolve), each creating call honours
//! its `Idempotency-Key` (same key → the first answer, `Idempotent-Replay: true`), and the
//! refusals carry the api's codes and `details`. Bodies are built from the api-types DTOs.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse};
use afiliados_api_types::brands::WithdrawalPolicyResponse;
use afiliados_api_types::commissions::CountAmount;
use afiliados_api_types::finance_dashboard::{
    AdjustmentsByKind, FinanceAdjustments, FinanceBrand, FinanceCommissions, FinanceDashboard,
    FinancePayments, FinanceRecentPayment, FinanceReconciliation, FinanceSettlement, FinanceWallet,
    FinanceWithdrawals, NegativeBalances, PaymentTotals,
};
use afiliados_api_types::influencers::DocumentResponse;
use afiliados_api_types::payments::{
    AdjustmentResponse, PaymentResponse, PayoutBatchResponse, RequesterRef, WithdrawalEvent,
    WithdrawalResponse, WithholdingPreview,
};
use afiliados_domain::commission::{AdjustmentKind, Recovery};
use afiliados_domain::{
    AdjustmentResolution, AdjustmentStatus, DocumentKind, Money, PaymentMethod, PayoutBatchStatus,
    Percent, WithdrawalEventAction, WithdrawalStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::fixtures as f;
use super::json as reply;

pub(crate) const W_PENDING: &str = "0190a0a0-0000-7000-8000-00000000b001";
pub(crate) const W_APPROVED: &str = "0190a0a0-0000-7000-8000-00000000b002";
pub(crate) const W_HOLD: &str = "0190a0a0-0000-7000-8000-00000000b003";
pub(crate) const W_PAID: &str = "0190a0a0-0000-7000-8000-00000000b004";
/// The request the wallet form creates.
pub(crate) const W_NEW: &str = "0190a0a0-0000-7000-8000-00000000b005";
pub(crate) const P_PAID: &str = "0190a0a0-0000-7000-8000-00000000b101";
pub(crate) const P_NEW: &str = "0190a0a0-0000-7000-8000-00000000b102";
pub(crate) const BATCH_ID: &str = "0190a0a0-0000-7000-8000-00000000b201";
pub(crate) const A_PENDING: &str = "0190a0a0-0000-7000-8000-00000000b301";
pub(crate) const A_RESOLVED: &str = "0190a0a0-0000-7000-8000-00000000b302";
pub(crate) const VOUCHER_ID: &str = "0190a0a0-0000-7000-8000-00000000b401";
pub(crate) const INVOICE_ID: &str = "0190a0a0-0000-7000-8000-00000000b402";
pub(crate) const VOUCHER: &[u8] = b"%PDF-1.7 comprobante";
pub(crate) const PAYOUT_CSV: &[u8] =
    b"\xEF\xBB\xBFreferencia_pago,afiliado,cuenta,neto\r\nAFI-b002,Isabela G\xC3\xB3mez,0123456789,1098765.42\r\n";
/// The brand minimum and available of the wallet fixture (`stub::money`).
pub(crate) const MINIMUM: &str = "50000.00";
pub(crate) const AVAILABLE: &str = "250000.00";
/// Amounts the stub refuses in special ways.
pub(crate) const CONSENT_AMOUNT: &str = "77777";
pub(crate) const NOT_APPROVED_AMOUNT: &str = "88888";
/// A payment reference that trips dual control; a batch reference that trips a conflict.
pub(crate) const DUAL_REFERENCE: &str = "DUAL-CONTROL";
pub(crate) const CONFLICT_REFERENCE: &str = "CONFLICTO";

/// What moves.
#[derive(Default)]
pub(crate) struct MoneyOutState {
    /// Status changes over the fixtures, by withdrawal id.
    pub(crate) withdrawals: HashMap<String, WithdrawalStatus>,
    pub(crate) batch: Option<PayoutBatchStatus>,
    pub(crate) adjustment_resolved: bool,
    /// Idempotency-Key → the first answer's (status, body).
    pub(crate) replays: HashMap<String, (u16, Value)>,
}

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

fn document(raw_id: &str, kind: DocumentKind, name: &str) -> DocumentResponse {
    DocumentResponse {
        id: id(raw_id),
        kind,
        filename: name.into(),
        content_type: "application/pdf".into(),
        size_bytes: 2048,
        sha256: "ab".repeat(32),
        notes: None,
        uploaded_by: "finance@example.com".into(),
        uploaded_at: at("2026-03-12T15:00:00Z"),
        download_url: None,
    }
}

fn event(action: WithdrawalEventAction, when: &str) -> WithdrawalEvent {
    WithdrawalEvent {
        action,
        actor: f::USER_ID.into(),
        notes: None,
        occurred_at: at(when),
    }
}

fn withdrawal(raw_id: &str, status: WithdrawalStatus) -> WithdrawalResponse {
    let approved = matches!(status, WithdrawalStatus::Approved | WithdrawalStatus::Paid);
    let amount = match raw_id {
        W_APPROVED => "1234567.89",
        W_PENDING => "30000.00",
        _ => "60000.00",
    };
    let mut events = vec![event(
        WithdrawalEventAction::Requested,
        "2026-03-01T15:00:00Z",
    )];
    if approved {
        events.push(event(
            WithdrawalEventAction::Approved,
            "2026-03-02T15:00:00Z",
        ));
    }
    if status == WithdrawalStatus::Paid {
        events.push(event(WithdrawalEventAction::Paid, "2026-03-12T15:00:00Z"));
    }
    WithdrawalResponse {
        id: id(raw_id),
        influencer_id: id(f::INFLUENCER_ID),
        influencer_name: "Isabela Gómez".into(),
        brand_id: id(f::BRAND_ID),
        brand_name: "Cetaphil".into(),
        amount: money(amount),
        currency: "COP".into(),
        status,
        requested_by: RequesterRef {
            id: id(f::USER_ID),
            email: "finance@example.com".into(),
        },
        requested_at: at("2026-03-01T15:00:00Z"),
        notes: None,
        decided_by: approved.then(|| id(f::REQUESTER_ID)),
        decided_at: approved.then(|| at("2026-03-02T15:00:00Z")),
        decision_notes: None,
        rejection_reason: (status == WithdrawalStatus::Rejected)
            .then(|| "datos incompletos".into()),
        payable_from: approved.then(|| {
            at(if raw_id == W_HOLD {
                "2099-01-01T05:00:00Z"
            } else {
                "2026-03-05T05:00:00Z"
            })
        }),
        batch_id: (raw_id == W_APPROVED).then(|| id(BATCH_ID)),
        payment_id: (status == WithdrawalStatus::Paid)
            .then(|| id(if raw_id == W_PAID { P_PAID } else { P_NEW })),
        paid_at: (status == WithdrawalStatus::Paid).then(|| at("2026-03-12T15:00:00Z")),
        documents: if raw_id == W_PAID {
            vec![document(INVOICE_ID, DocumentKind::Invoice, "factura.pdf")]
        } else {
            vec![]
        },
        events,
        withholding_preview: (raw_id == W_APPROVED && status == WithdrawalStatus::Approved).then(
            || WithholdingPreview {
                gross: money("1234567.89"),
                rate: Percent::parse("11.00").unwrap(),
                withheld: money("135802.47"),
                net: money("1098765.42"),
                tax_profile_code: Some("persona_natural".into()),
            },
        ),
    }
}

/// The 11 % example of `domain.md` §5.14: 1 234 567.89 → 135 802.47 withheld, 1 098 765.42 net.
fn payment(raw_id: &str) -> PaymentResponse {
    let paid = raw_id == P_PAID;
    PaymentResponse {
        id: id(raw_id),
        withdrawal_id: id(if paid { W_PAID } else { W_APPROVED }),
        influencer_id: id(f::INFLUENCER_ID),
        brand_id: id(f::BRAND_ID),
        amount: money(if paid { "60000.00" } else { "1234567.89" }),
        withholding_rate: Percent::parse(if paid { "0.00" } else { "11.00" }).unwrap(),
        tax_withheld: money(if paid { "0.00" } else { "135802.47" }),
        net_amount: money(if paid { "60000.00" } else { "1098765.42" }),
        tax_profile_code: Some("persona_natural".into()),
        currency: "COP".into(),
        method: PaymentMethod::BankTransfer,
        reference: "TRX-2026-0001".into(),
        payment_date: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        paid_by: id(f::REQUESTER_ID),
        batch_id: None,
        notes: None,
        documents: if paid {
            vec![document(
                VOUCHER_ID,
                DocumentKind::Voucher,
                "comprobante.pdf",
            )]
        } else {
            vec![]
        },
        created_at: at("2026-03-12T15:00:00Z"),
    }
}

fn batch(status: PayoutBatchStatus) -> PayoutBatchResponse {
    PayoutBatchResponse {
        id: id(BATCH_ID),
        brand_id: Some(id(f::BRAND_ID)),
        status,
        withdrawal_ids: vec![id(W_APPROVED)],
        withdrawal_count: 1,
        total_gross: money("1234567.89"),
        total_withheld: money("135802.47"),
        total_net: money("1098765.42"),
        csv_url: format!("/api/v1/payments/batches/{BATCH_ID}/export.csv"),
        created_by: id(f::USER_ID),
        created_at: at("2026-03-06T15:00:00Z"),
        paid_at: (status == PayoutBatchStatus::Paid).then(|| at("2026-03-07T15:00:00Z")),
        paid_by: None,
        cancelled_at: (status == PayoutBatchStatus::Cancelled).then(|| at("2026-03-07T15:00:00Z")),
        payments: None,
    }
}

fn adjustment(raw_id: &str, resolved: bool) -> AdjustmentResponse {
    let clawback = raw_id == A_PENDING;
    AdjustmentResponse {
        id: id(raw_id),
        influencer_id: id(f::INFLUENCER_ID),
        influencer_name: "Isabela Gómez".into(),
        brand_id: id(f::BRAND_ID),
        brand_name: "Cetaphil".into(),
        kind: if clawback {
            AdjustmentKind::Clawback
        } else {
            AdjustmentKind::Manual
        },
        amount: money(if clawback { "40000.00" } else { "15000.00" }),
        currency: "COP".into(),
        status: if resolved {
            AdjustmentStatus::Resolved
        } else {
            AdjustmentStatus::Pending
        },
        resolution_type: resolved.then_some(AdjustmentResolution::Recovered),
        recovery_method: resolved.then_some(Recovery::Repayment),
        recovery_reference: resolved.then(|| "REP-1".into()),
        reason: "Devolución de un pedido ya retirado".into(),
        commission_id: None,
        order_id: None,
        reconciliation_id: None,
        created_by: "system:reversal".into(),
        created_at: at("2026-03-08T15:00:00Z"),
        resolved_by: None,
        resolved_at: resolved.then(|| at("2026-03-09T15:00:00Z")),
        resolution_notes: None,
    }
}

fn count(n: i64, raw: &str) -> CountAmount {
    CountAmount {
        count: n,
        amount: money(raw),
    }
}

pub(crate) fn finance_dashboard() -> FinanceDashboard {
    FinanceDashboard {
        wallet: FinanceWallet {
            estimated: money("12582.00"),
            confirmed: money("2000000.00"),
            pending_withdrawal: money("1264567.89"),
            withdrawn: money("60000.00"),
            pending_adjustments: money("40000.00"),
            available: money("635432.11"),
            available_positive: money("675432.11"),
            negative_balances: NegativeBalances {
                count: 1,
                total: money("-40000.00"),
            },
        },
        withdrawals: FinanceWithdrawals {
            pending: count(1, "30000.00"),
            approved_payable: count(1, "1234567.89"),
            approved_on_hold: count(1, "60000.00"),
            requested_today: count(0, "0.00"),
            oldest_pending_hours: Some(52),
        },
        payments: FinancePayments {
            this_month: PaymentTotals {
                count: 1,
                gross: money("60000.00"),
                withheld: money("0.00"),
                net: money("60000.00"),
            },
            recent: vec![FinanceRecentPayment {
                id: id(P_PAID),
                influencer_id: id(f::INFLUENCER_ID),
                influencer_name: "Isabela Gómez".into(),
                brand_id: id(f::BRAND_ID),
                brand_name: "Cetaphil".into(),
                gross: money("60000.00"),
                withheld: money("0.00"),
                net: money("60000.00"),
                payment_date: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
            }],
        },
        adjustments: FinanceAdjustments {
            pending: count(1, "40000.00"),
            by_kind: AdjustmentsByKind {
                clawback: count(1, "40000.00"),
                manual: count(0, "0.00"),
            },
        },
        commissions: FinanceCommissions {
            estimated: count(1, "12582.00"),
            confirmed: count(4, "2000000.00"),
            reverted: count(1, "40000.00"),
            on_hold: count(0, "0.00"),
            due_next_settlement: count(1, "12582.00"),
        },
        settlement: FinanceSettlement {
            last_run: None,
            next_run_at: None,
        },
        reconciliation: FinanceReconciliation::default(),
        by_brand: vec![FinanceBrand {
            brand_id: id(f::BRAND_ID),
            brand_name: "Cetaphil".into(),
            minimum_amount: money(MINIMUM),
            confirmed: money("2000000.00"),
            available: money("635432.11"),
            pending_withdrawals: money("1294567.89"),
            withdrawn_this_month: money("60000.00"),
        }],
        policies: vec![WithdrawalPolicyResponse {
            brand_id: id(f::BRAND_ID),
            brand_name: "Cetaphil".into(),
            minimum_amount: money(MINIMUM),
            currency: "COP".into(),
            hold_days: 3,
            updated_at: at("2026-02-01T15:00:00Z"),
            updated_by: None,
        }],
        generated_at: at("2026-03-20T15:00:00Z"),
    }
}

fn refuse(status: u16, code: &str, details: Value) -> HttpResponse {
    reply(status, f::error(code, details))
}

fn field(status: u16, name: &str, code: &str, params: Value) -> HttpResponse {
    refuse(
        status,
        "validation_failed",
        json!([{"field": name, "code": code, "message": code, "params": params}]),
    )
}

fn query_has(req: &HttpRequest, pair: &str) -> bool {
    req.query_string().split('&').any(|p| p == pair)
}

fn key_of(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Answers (and remembers) a creating call once per `Idempotency-Key`.
fn once(
    state: &Mutex<MoneyOutState>,
    req: &HttpRequest,
    make: impl FnOnce(&mut MoneyOutState) -> (u16, Value),
) -> HttpResponse {
    let mut guard = state.lock().unwrap();
    let key = key_of(req);
    if let Some((status, body)) = key.as_ref().and_then(|k| guard.replays.get(k)).cloned() {
        return HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
            .insert_header(("idempotent-replay", "true"))
            .json(body);
    }
    let (status, body) = make(&mut guard);
    if let Some(key) = key {
        guard.replays.insert(key, (status, body.clone()));
    }
    reply(status, body)
}

fn status_of(state: &MoneyOutState, raw_id: &str) -> WithdrawalStatus {
    state
        .withdrawals
        .get(raw_id)
        .copied()
        .unwrap_or(match raw_id {
            W_PENDING | W_NEW => WithdrawalStatus::Pending,
            W_PAID => WithdrawalStatus::Paid,
            _ => WithdrawalStatus::Approved,
        })
}

/// The answer, or `None` for requests the other tables handle.
pub(super) fn answer(
    req: &HttpRequest,
    segments: &[&str],
    role: &str,
    body: &Value,
    state: &Mutex<MoneyOutState>,
) -> Option<HttpResponse> {
    let method = req.method().clone();
    let known = [W_PENDING, W_APPROVED, W_HOLD, W_PAID, W_NEW];
    Some(match (&method, segments) {
        (&Method::GET, ["dashboard", "finance"]) => super::ok(to_json(&finance_dashboard())),
        (&Method::GET, ["payments", "withdrawals"]) => {
            let s = state.lock().unwrap();
            let mut listed: Vec<&str> = vec![W_PENDING, W_APPROVED, W_HOLD, W_PAID];
            if s.withdrawals.contains_key(W_NEW) {
                listed.push(W_NEW);
            }
            let items: Vec<Value> = listed
                .into_iter()
                .map(|w| withdrawal(w, status_of(&s, w)))
                .filter(|w| {
                    !query_has(req, "status=pending") || w.status == WithdrawalStatus::Pending
                })
                .filter(|w| {
                    !query_has(req, "payable=true")
                        || (w.status == WithdrawalStatus::Approved && w.id.to_string() != W_HOLD)
                })
                .filter(|w| !req.query_string().contains("batchId=") || w.batch_id.is_some())
                .map(|w| to_json(&w))
                .collect();
            super::ok(f::page(items))
        }
        (&Method::POST, ["payments", "withdrawals"]) => {
            let amount = body["amount"].to_string().trim_matches('"').to_owned();
            let value = Money::parse(&amount).unwrap_or(Money::ZERO);
            if value == money(CONSENT_AMOUNT) {
                return Some(refuse(
                    403,
                    "consent_required",
                    json!([{"policyVersionIds": [f::TERMS_V2_ID]}]),
                ));
            }
            if value == money(NOT_APPROVED_AMOUNT) {
                return Some(refuse(409, "influencer_not_approved", json!([])));
            }
            if value < money(MINIMUM) {
                return Some(field(
                    422,
                    "amount",
                    "below_minimum",
                    json!({"minimum": MINIMUM}),
                ));
            }
            if value > money(AVAILABLE) {
                return Some(refuse(
                    409,
                    "withdrawal_exceeds_available",
                    json!([{"available": AVAILABLE}]),
                ));
            }
            once(state, req, |s| {
                s.withdrawals
                    .insert(W_NEW.into(), WithdrawalStatus::Pending);
                let mut created = withdrawal(W_NEW, WithdrawalStatus::Pending);
                created.amount = value;
                (201, to_json(&created))
            })
        }
        (&Method::GET, ["payments", "withdrawals", w]) if known.contains(w) => {
            let s = state.lock().unwrap();
            super::ok(to_json(&withdrawal(w, status_of(&s, w))))
        }
        (&Method::PATCH, ["payments", "withdrawals", w, "decision"]) if known.contains(w) => {
            let mut s = state.lock().unwrap();
            if status_of(&s, w) != WithdrawalStatus::Pending {
                return Some(refuse(409, "withdrawal_already_decided", json!([])));
            }
            let next = if body["status"] == "approved" {
                // The fixture was filed by the signed-in finance user: another person decides.
                if role == "finance" {
                    return Some(refuse(403, "segregation_of_duties", json!([])));
                }
                WithdrawalStatus::Approved
            } else {
                WithdrawalStatus::Rejected
            };
            s.withdrawals.insert((*w).to_owned(), next);
            super::ok(to_json(&withdrawal(w, next)))
        }
        (&Method::POST, ["payments", "withdrawals", w, "pay"]) if known.contains(w) => {
            let current = status_of(&state.lock().unwrap(), w);
            if current != WithdrawalStatus::Approved {
                return Some(refuse(409, "withdrawal_not_approved", json!([])));
            }
            if *w == W_HOLD {
                return Some(refuse(
                    409,
                    "withdrawal_on_hold",
                    json!([{"payableFrom": "2099-01-01T05:00:00Z"}]),
                ));
            }
            if body["reference"] == DUAL_REFERENCE {
                return Some(refuse(403, "dual_control_required", json!([])));
            }
            let amount = body["amount"].to_string().trim_matches('"').to_owned();
            if Money::parse(&amount).ok() != Some(money("1234567.89")) {
                return Some(field(
                    422,
                    "amount",
                    "payment_amount_mismatch",
                    json!({"approvedAmount": "1234567.89"}),
                ));
            }
            let w = (*w).to_owned();
            once(state, req, move |s| {
                s.withdrawals.insert(w, WithdrawalStatus::Paid);
                (201, to_json(&payment(P_NEW)))
            })
        }
        (
            &Method::GET,
            [
                "payments",
                "withdrawals",
                W_PAID,
                "documents",
                INVOICE_ID,
                "download",
            ],
        ) => file("factura.pdf", b"%PDF-1.7 factura"),
        (&Method::POST, ["payments", "withdrawals", w, "documents"]) if known.contains(w) => reply(
            201,
            to_json(&document(INVOICE_ID, DocumentKind::Invoice, "factura.pdf")),
        ),
        (&Method::GET, ["payments", "withdrawals", ..]) => refuse(404, "not_found", json!([])),
        (&Method::GET, ["payments"]) => {
            let s = state.lock().unwrap();
            let mut items = vec![to_json(&payment(P_PAID))];
            if status_of(&s, W_APPROVED) == WithdrawalStatus::Paid {
                items.insert(0, to_json(&payment(P_NEW)));
            }
            super::ok(f::page(items))
        }
        (&Method::GET, ["payments", p]) if [P_PAID, P_NEW].contains(p) => {
            super::ok(to_json(&payment(p)))
        }
        (&Method::POST, ["payments", p, "documents"]) if [P_PAID, P_NEW].contains(p) => reply(
            201,
            to_json(&document(
                VOUCHER_ID,
                DocumentKind::Voucher,
                "comprobante.pdf",
            )),
        ),
        (&Method::GET, ["payments", P_PAID, "documents", VOUCHER_ID, "download"]) => {
            file("comprobante.pdf", VOUCHER)
        }
        (&Method::GET, ["payments", "batches"]) => {
            let s = state.lock().unwrap();
            super::ok(f::page(vec![to_json(&batch(
                s.batch.unwrap_or(PayoutBatchStatus::Exported),
            ))]))
        }
        (&Method::POST, ["payments", "batches"]) => {
            if body["brandId"].is_null() {
                return Some(refuse(409, "batch_empty", json!([])));
            }
            once(state, req, |s| {
                s.batch = Some(PayoutBatchStatus::Exported);
                (201, to_json(&batch(PayoutBatchStatus::Exported)))
            })
        }
        (&Method::GET, ["payments", "batches", BATCH_ID]) => {
            let s = state.lock().unwrap();
            super::ok(to_json(&batch(
                s.batch.unwrap_or(PayoutBatchStatus::Exported),
            )))
        }
        (&Method::GET, ["payments", "batches", BATCH_ID, "export.csv"]) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lote-{BATCH_ID}.csv\""),
            ))
            .body(PAYOUT_CSV),
        (&Method::POST, ["payments", "batches", BATCH_ID, "pay"]) => {
            if state
                .lock()
                .unwrap()
                .batch
                .unwrap_or(PayoutBatchStatus::Exported)
                != PayoutBatchStatus::Exported
            {
                return Some(refuse(409, "batch_not_open", json!([])));
            }
            if body["reference"] == CONFLICT_REFERENCE {
                return Some(refuse(
                    409,
                    "batch_conflict",
                    json!([{"withdrawalId": W_APPROVED, "code": "dual_control_required"}]),
                ));
            }
            once(state, req, |s| {
                s.batch = Some(PayoutBatchStatus::Paid);
                s.withdrawals
                    .insert(W_APPROVED.into(), WithdrawalStatus::Paid);
                let mut paid = batch(PayoutBatchStatus::Paid);
                paid.payments = Some(vec![payment(P_NEW)]);
                (200, to_json(&paid))
            })
        }
        (&Method::POST, ["payments", "batches", BATCH_ID, "cancel"]) => {
            let mut s = state.lock().unwrap();
            if s.batch.unwrap_or(PayoutBatchStatus::Exported) != PayoutBatchStatus::Exported {
                return Some(refuse(409, "batch_not_open", json!([])));
            }
            s.batch = Some(PayoutBatchStatus::Cancelled);
            super::ok(to_json(&batch(PayoutBatchStatus::Cancelled)))
        }
        (&Method::GET, ["payments", "adjustments"]) => {
            let s = state.lock().unwrap();
            let items = vec![
                adjustment(A_PENDING, s.adjustment_resolved),
                adjustment(A_RESOLVED, true),
            ];
            let items = items
                .into_iter()
                .filter(|a| {
                    !query_has(req, "status=pending") || a.status == AdjustmentStatus::Pending
                })
                .map(|a| to_json(&a))
                .collect();
            super::ok(f::page(items))
        }
        (&Method::POST, ["payments", "adjustments"]) => once(state, req, |_| {
            let mut created = adjustment(A_RESOLVED, false);
            created.kind = AdjustmentKind::Manual;
            (201, to_json(&created))
        }),
        (&Method::PATCH, ["payments", "adjustments", A_PENDING, "resolve"]) => {
            let mut s = state.lock().unwrap();
            if s.adjustment_resolved {
                return Some(refuse(409, "adjustment_already_resolved", json!([])));
            }
            if body["recoveryMethod"] == "netting" {
                return Some(refuse(409, "adjustment_not_covered", json!([])));
            }
            s.adjustment_resolved = true;
            super::ok(to_json(&adjustment(A_PENDING, true)))
        }
        (_, ["payments", ..]) => refuse(404, "not_found", json!([])),
        _ => return None,
    })
}

fn file(name: &str, bytes: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/pdf"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}
