//! The stub's admin dashboard and status endpoints (`GET /dashboard/admin`, `GET /status`), built
//! from the api-types DTOs with known values: top influencers already in the api's Spanish-
//! collation order (accented and "Ñ" names that a byte sort would move), rates that need padding
//! (`10` → `10,00 %`) and a null one, and every status level. Roles outside the endpoints' get the
//! api's 403; `from=1999-01-01` makes the dashboard fail like a broken api (500); the stub's
//! `status_refused` flag makes `GET /status` answer 403 to anyone.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};
use afiliados_api_types::admin_dashboard::{
    AdminDashboard, AdminStats, AdminSystem, BrandPerformance, CampaignCounts,
    RecentReconciliation, TopInfluencer,
};
use afiliados_api_types::alerts::AlertResponse;
use afiliados_api_types::audit::{AuditActor, AuditEntry};
use afiliados_api_types::status_page::{
    BackupStatus, DeliveriesStatus, DiscrepanciesStatus, DiscrepancyAges, DiscrepancyClasses,
    EmailBacklog, IngestLag, ReconciliationState, StatusLevel, StatusPage,
};
use afiliados_domain::{
    AlertSeverity, AlertType, AuditActorType, Money, ReconciliationStatus, ReconciliationType,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::fixtures as f;
use super::{StubState, json as reply, ok};

pub(crate) const TOP_ISABELA: &str = "0193c0a0-0000-7000-8000-00000000e001";
pub(crate) const TOP_ALVARO: &str = "0193c0a0-0000-7000-8000-00000000e002";
pub(crate) const TOP_NUSTA: &str = "0193c0a0-0000-7000-8000-00000000e003";
pub(crate) const TOP_ZOE: &str = "0193c0a0-0000-7000-8000-00000000e004";
pub(crate) const BRAND_CETAPHIL: &str = "0193c0a0-0000-7000-8000-00000000e101";
pub(crate) const BRAND_LRP: &str = "0193c0a0-0000-7000-8000-00000000e102";
pub(crate) const BRAND_AVENE: &str = "0193c0a0-0000-7000-8000-00000000e103";
const RUN_DAILY: &str = "0193c0a0-0000-7000-8000-00000000e201";
const RUN_ADHOC: &str = "0193c0a0-0000-7000-8000-00000000e202";

fn id<T: From<Uuid>>(raw: &str) -> T {
    T::from(raw.parse::<Uuid>().unwrap())
}

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

fn money(raw: &str) -> Money {
    Money::parse(raw).unwrap()
}

fn top(
    influencer: &str,
    name: &str,
    confirmed: &str,
    estimated: &str,
    orders: i64,
) -> TopInfluencer {
    TopInfluencer {
        influencer_id: id(influencer),
        name: name.into(),
        confirmed_commission: money(confirmed),
        estimated_commission: money(estimated),
        attributed_orders: orders,
    }
}

fn brand(brand: &str, name: &str, figures: [&str; 4], rate: Option<&str>) -> BrandPerformance {
    BrandPerformance {
        brand_id: id(brand),
        brand_name: name.into(),
        eligible_sales: money(figures[0]),
        estimated_commission: money(figures[1]),
        confirmed_commission: money(figures[2]),
        reverted_commission: money(figures[3]),
        effective_commission_rate: rate.map(|r| r.parse().unwrap()),
    }
}

/// The dashboard with known values.
pub(crate) fn admin_dashboard() -> AdminDashboard {
    AdminDashboard {
        stats: AdminStats {
            active_influencers: 12,
            total_influencers: 15,
            pending_influencers: 2,
            active_brands: 3,
            campaigns: CampaignCounts {
                total: 4,
                active: 2,
            },
            confirmed_commission_this_month: money("1234567.89"),
            confirmed_commission_all_time: money("20223000.50"),
            estimated_commission: money("12582.00"),
            eligible_sales_this_month: money("202230.00"),
        },
        // The api's order: by confirmed commission, ties by name under Spanish collation
        // ("Álvaro" before "Ñusta"), which a byte sort would put after "Zoe".
        top_influencers: vec![
            top(TOP_ISABELA, "Isabela Gómez", "185000.00", "13000.00", 7),
            top(TOP_ALVARO, "Álvaro Núñez", "92500.00", "0.00", 3),
            top(TOP_NUSTA, "Ñusta Pérez", "92500.00", "500.00", 2),
            top(TOP_ZOE, "Zoe Ruiz", "46250.00", "0.00", 1),
        ],
        performance_by_brand: vec![
            brand(
                BRAND_CETAPHIL,
                "Cetaphil",
                ["1986666.67", "13000.00", "185000.00", "11000.00"],
                Some("9.97"),
            ),
            // Exactly 10: the api's decimal may come without its two decimals.
            brand(
                BRAND_LRP,
                "La Roche-Posay",
                ["60000.00", "0.00", "6000.00", "0.00"],
                Some("10"),
            ),
            brand(BRAND_AVENE, "Avène", ["0.00", "0.00", "0.00", "0.00"], None),
        ],
        alerts: vec![
            AlertResponse {
                id: id("0193c0a0-0000-7000-8000-00000000e301"),
                alert_type: AlertType::BackupFailure,
                severity: AlertSeverity::Critical,
                message: "El último respaldo falló".into(),
                details: json!({}),
                raised_at: at("2026-12-06T09:15:00Z"),
                acknowledged_at: None,
                acknowledged_by: None,
            },
            AlertResponse {
                id: id("0193c0a0-0000-7000-8000-00000000e302"),
                alert_type: AlertType::WebhookFailure,
                severity: AlertSeverity::Warning,
                message: "Una entrega de VTEX falló".into(),
                details: json!({}),
                raised_at: at("2026-12-05T22:00:00Z"),
                acknowledged_at: Some(at("2026-12-05T23:30:00Z")),
                acknowledged_by: Some(id(f::USER_ID)),
            },
        ],
        audit_trail: vec![AuditEntry {
            id: id("0193c0a0-0000-7000-8000-00000000e401"),
            occurred_at: at("2026-12-06T08:01:00Z"),
            actor: AuditActor {
                actor_type: AuditActorType::Service,
                user_id: None,
                label: "worker".into(),
                roles: vec![],
            },
            action: "reconciliation.finished".into(),
            entity_type: Some("reconciliation_run".into()),
            entity_id: Some(RUN_DAILY.into()),
            before: None,
            after: None,
            ip: None,
            user_agent: None,
            request_id: None,
        }],
        recent_reconciliations: vec![
            RecentReconciliation {
                id: id(RUN_ADHOC),
                run_type: ReconciliationType::Adhoc,
                status: ReconciliationStatus::Running,
                started_at: at("2026-12-06T10:00:00Z"),
                finished_at: None,
                discrepancies_found: 0,
                pending_manual_count: 0,
                auto_reconciled_ratio: None,
            },
            RecentReconciliation {
                id: id(RUN_DAILY),
                run_type: ReconciliationType::Daily,
                status: ReconciliationStatus::Warning,
                started_at: at("2026-12-06T08:00:00Z"),
                finished_at: Some(at("2026-12-06T08:01:00Z")),
                discrepancies_found: 4,
                pending_manual_count: 1,
                auto_reconciled_ratio: Some("0.9950".parse().unwrap()),
            },
        ],
        system: AdminSystem {
            last_backup_at: Some(at("2026-12-06T07:00:00Z")),
            last_backup_size_bytes: Some(1_572_864),
            deliveries_last_24h: 120,
            failed_deliveries_last_24h: 1,
            open_discrepancies: 7,
            emails_undelivered_over_30_min: 0,
            jobs_failed_last_24h: 0,
        },
        generated_at: at("2026-12-06T10:05:00Z"),
    }
}

/// The status with every level.
pub(crate) fn status_page() -> StatusPage {
    StatusPage {
        overall: StatusLevel::Red,
        ingest_lag: IngestLag {
            samples: 120,
            p50_seconds: Some(1.5),
            p95_seconds: Some(75.0),
            level: StatusLevel::Amber,
        },
        deliveries: DeliveriesStatus {
            failed_last_24h: 1,
            pending: 0,
            level: StatusLevel::Amber,
        },
        reconciliation: ReconciliationState {
            run_type: Some(ReconciliationType::Daily),
            status: Some(ReconciliationStatus::Warning),
            started_at: Some(at("2026-12-06T08:00:00Z")),
            finished_at: Some(at("2026-12-06T08:01:00Z")),
            auto_reconciled_ratio: Some("0.9950".parse().unwrap()),
            level: StatusLevel::Amber,
        },
        discrepancies: DiscrepanciesStatus {
            total: 7,
            by_class: DiscrepancyClasses {
                a: 4,
                b: 1,
                c: 2,
                d: 0,
                e: 0,
            },
            by_age: DiscrepancyAges {
                under_1_day: 2,
                from_1_to_3_days: 1,
                from_3_to_7_days: 0,
                over_7_days: 4,
            },
            level: StatusLevel::Red,
        },
        email_backlog: EmailBacklog {
            undelivered: 2,
            over_30_min: 0,
            level: StatusLevel::Green,
        },
        backup: BackupStatus {
            last_backup_at: Some(at("2026-12-06T07:00:00Z")),
            size_bytes: Some(1_572_864),
            age_hours: Some(3),
            level: StatusLevel::Green,
        },
        generated_at: at("2026-12-06T10:05:00Z"),
    }
}

fn forbidden() -> HttpResponse {
    reply(403, f::error("forbidden", json!([])))
}

/// The answer, or `None` for requests the other tables handle.
pub(super) fn answer(
    req: &HttpRequest,
    segments: &[&str],
    role: &str,
    state: &StubState,
) -> Option<HttpResponse> {
    if *req.method() != Method::GET {
        return None;
    }
    Some(match segments {
        ["dashboard", "admin"] => {
            if !matches!(role, "admin_dentsu" | "auditor") {
                return Some(forbidden());
            }
            if req.query_string().contains("from=1999-01-01") {
                return Some(reply(500, f::error("internal", json!([]))));
            }
            ok(serde_json::to_value(admin_dashboard()).unwrap())
        }
        ["status"] => {
            if *state.status_refused.lock().unwrap()
                || !matches!(role, "admin_dentsu" | "auditor" | "finance")
            {
                return Some(forbidden());
            }
            ok(serde_json::to_value(status_page()).unwrap())
        }
        _ => return None,
    })
}
