//! The admin dashboard (`/admin`) and the status page (`/estado`) against the stub api (ADR 0068):
//! every field of the stub's known answer is written as the spec asks (labels of `domain.md`
//! §6.4, COP with thousands separators, rates with two decimals), the top influencers keep the
//! api's order and their bars are proportional, both languages, role gating before any api call,
//! a bad date range explained next to the form, a failing api turned into a helpful page, and the
//! status page's levels shown with icon, word and threshold — or a clear 403 page.

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::admin::{BRAND_AVENE, BRAND_CETAPHIL, BRAND_LRP, TOP_ALVARO, TOP_ISABELA};
use super::stub::admin::{TOP_NUSTA, TOP_ZOE};
use super::stub::{self, Stub};

/// The width of the bar drawn inside the chart row `row_id`.
fn bar_width(html: &str, row_id: &str) -> i64 {
    let start = html
        .find(&format!("id=\"{row_id}\""))
        .unwrap_or_else(|| panic!("no chart row {row_id}"));
    let rest = &html[start..];
    let width = rest.find("width=\"").unwrap() + "width=\"".len();
    rest[width..].split('"').next().unwrap().parse().unwrap()
}

/// The markup of the row, card or fact with `id`, up to where it closes.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let rest = &html[start..];
    let end = ["</tr>", "</div>", "</dd>"]
        .iter()
        .filter_map(|close| rest.find(close))
        .min()
        .unwrap();
    &rest[..end]
}

fn position(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{needle} missing"))
}

fn dashboard_calls(stub: &Stub) -> usize {
    stub.received("GET", "/api/v1/dashboard/admin").len()
}

#[actix_web::test]
async fn the_admin_dashboard_writes_every_field_in_spanish() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin
        .sign_in("admin_dentsu")
        .await
        .assert_redirect("/admin");
    let res = admin.get("/admin").await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.html();
    // The stats cards with the labels domain.md §6.4 requires.
    for (id, label, value) in [
        ("stat-active-influencers", "Influencers activos", "12"),
        ("stat-total-influencers", "Influencers registrados", "15"),
        (
            "stat-pending-influencers",
            "Influencers pendientes de aprobación",
            "2",
        ),
        ("stat-active-brands", "Marcas activas", "3"),
        ("stat-campaigns-total", "Campañas (total)", "4"),
        ("stat-campaigns-active", "Campañas activas", "2"),
        (
            "stat-confirmed-this-month",
            "Comisiones confirmadas este mes",
            "$ 1.234.567,89",
        ),
        (
            "stat-confirmed-all-time",
            "Comisiones confirmadas (total)",
            "$ 20.223.000,50",
        ),
        (
            "stat-estimated",
            "Comisiones estimadas (por confirmar)",
            "$ 12.582,00",
        ),
        (
            "stat-eligible-sales-this-month",
            "Ventas elegibles de pedidos de este mes",
            "$ 202.230,00",
        ),
    ] {
        let card = text_of(&html, id);
        assert!(
            card.contains(&format!(">{label}<")) && card.contains(&format!(">{value}<")),
            "{id}: {card}"
        );
    }
    // The all-time figure never carries a monthly label.
    assert!(!text_of(&html, "stat-confirmed-all-time").contains("este mes"));

    // Top influencers: money, estimated commission, orders; names link for admin_dentsu.
    let first = text_of(&html, "top-1");
    assert!(
        first.contains("Isabela Gómez") && first.contains("$ 185.000,00"),
        "{first}"
    );
    assert!(
        first.contains("$ 13.000,00") && first.contains(">7<"),
        "{first}"
    );
    assert!(first.contains(&format!("href=\"/gestor/influencers/{TOP_ISABELA}\"")));
    assert!(text_of(&html, "top-3").contains("$ 500,00"));
    assert!(html.contains("Top 8 influencers por comisión confirmada"));

    // Performance by brand: the effective rate with exactly two decimals, "—" without sales.
    assert!(html.contains("Tasa efectiva de comisión"));
    assert!(html.contains("no una tasa de conversión"));
    let brands = &html[position(&html, "id=\"admin-brands-table\"")..];
    for needle in [
        "<td>Cetaphil</td><td class=\"num\">$ 1.986.666,67</td><td class=\"num\">$ 13.000,00</td><td class=\"num\">$ 185.000,00</td><td class=\"num\">$ 11.000,00</td><td class=\"num\">9,97 %</td>",
        "<td>La Roche-Posay</td><td class=\"num\">$ 60.000,00</td><td class=\"num\">$ 0,00</td><td class=\"num\">$ 6.000,00</td><td class=\"num\">$ 0,00</td><td class=\"num\">10,00 %</td>",
        "<td>Avène</td><td class=\"num\">$ 0,00</td><td class=\"num\">$ 0,00</td><td class=\"num\">$ 0,00</td><td class=\"num\">$ 0,00</td><td class=\"num\">—</td>",
    ] {
        assert!(brands.contains(needle), "{needle}\n{brands}");
    }
    // The brand bars are eligible sales with the rate written after each amount.
    let cetaphil = &html[position(
        &html,
        &format!("id=\"chart-brand-performance-{BRAND_CETAPHIL}\""),
    )..];
    assert!(cetaphil[..cetaphil.find("</g>").unwrap()].contains("$ 1.986.666,67 · 9,97 %"));
    assert_eq!(
        bar_width(&html, &format!("chart-brand-performance-{BRAND_CETAPHIL}")),
        300
    );
    // 60 000 / 1 986 666.67 × 300 = 9.06 → 9 (integer arithmetic on cents).
    assert_eq!(
        bar_width(&html, &format!("chart-brand-performance-{BRAND_LRP}")),
        9
    );
    assert_eq!(
        bar_width(&html, &format!("chart-brand-performance-{BRAND_AVENE}")),
        0
    );

    // Alerts with their acknowledgement, audit trail, reconciliations, system.
    let alerts = &html[position(&html, "id=\"admin-alerts-table\"")..];
    assert!(alerts.contains("Falla de respaldo") && alerts.contains("El último respaldo falló"));
    assert!(alerts.contains("sev-critical") && alerts.contains("Crítica"));
    assert!(alerts.contains("Sin reconocer") && alerts.contains("2026-12-05 23:30"));
    assert!(
        html.contains("href=\"/alertas\""),
        "the alert queue (ADR 0067) is one click away"
    );
    let audit = &html[position(&html, "id=\"admin-audit-table\"")..];
    assert!(audit.contains("reconciliation.finished") && audit.contains("worker"));
    assert!(html.contains("href=\"/admin/auditoria\""));
    let runs = &html[position(&html, "id=\"admin-reconciliations-table\"")..];
    assert!(
        runs.contains("Diaria") && runs.contains("Con discrepancias") && runs.contains("99,50 %")
    );
    assert!(runs.contains("Manual") && runs.contains("En curso"));
    assert!(text_of(&html, "system-last-backup").contains("2026-12-06 07:00 UTC · 1.5 MB"));
    assert!(text_of(&html, "system-deliveries").ends_with("\">120"));
    let failed = text_of(&html, "system-failed-deliveries");
    assert!(
        failed.contains("<svg") && failed.contains("requiere atención"),
        "{failed}"
    );
    assert!(!text_of(&html, "system-jobs-failed").contains("<svg"));
    assert!(text_of(&html, "system-open-discrepancies").contains(">7<"));
    // Still the admin area's landing page, with its links.
    assert!(html.contains("<h1 id=\"landing-title\">Panel de administración</h1>"));
    assert!(html.contains("id=\"landing-links\"") && html.contains("href=\"/estado\""));
}

#[actix_web::test]
async fn the_top_influencers_keep_the_api_order_and_draw_proportional_bars() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    let html = admin.get("/admin").await.html();
    let table = &html[position(&html, "id=\"admin-top-table\"")..];
    // The api's Spanish-collation tie break is kept: a byte sort would put "Zoe" before "Álvaro".
    let order: Vec<usize> = ["Isabela Gómez", "Álvaro Núñez", "Ñusta Pérez", "Zoe Ruiz"]
        .iter()
        .map(|name| position(table, name))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(text_of(&html, "top-2").contains("Álvaro Núñez"));
    assert!(text_of(&html, "top-3").contains("Ñusta Pérez"));
    // 185 000 → the whole span; 92 500 → half; 46 250 → a quarter.
    let widths: Vec<i64> = [TOP_ISABELA, TOP_ALVARO, TOP_NUSTA, TOP_ZOE]
        .iter()
        .map(|id| bar_width(&html, &format!("chart-top-influencers-{id}")))
        .collect();
    assert_eq!(widths, vec![300, 150, 150, 75]);
    let chart = &html[position(&html, "id=\"chart-top-influencers\"")..];
    let chart = &chart[..chart.find("</figure>").unwrap()];
    assert!(position(chart, TOP_ALVARO) < position(chart, TOP_NUSTA));
    assert!(chart.contains("Zoe Ruiz: $ 46.250,00"));
}

#[actix_web::test]
async fn the_admin_dashboard_speaks_english() {
    let stub = stub::spawn();
    let mut auditor = open(&stub).await;
    auditor.sign_in("auditor").await.assert_redirect("/admin");
    let res = auditor.get("/admin?lang=en").await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.html();
    assert!(html.contains("<html lang=\"en\">"));
    for needle in [
        ">Active influencers<",
        ">Registered influencers<",
        ">Commissions confirmed this month<",
        ">Confirmed commissions (total)<",
        ">$1,234,567.89<",
        ">$20,223,000.50<",
        "Effective commission rate",
        ">9.97%<",
        ">10.00%<",
        "99.50%",
        "Top 8 influencers by confirmed commission",
        "Backup failure",
        "Not acknowledged",
        "1.5 MB",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // The auditor does not open the gestor area: names are plain text.
    assert!(!html.contains("href=\"/gestor/influencers/"));
    assert!(text_of(&html, "top-1").contains("Isabela Gómez"));
}

#[actix_web::test]
async fn only_admin_dentsu_and_the_auditor_open_the_dashboard() {
    let stub = stub::spawn();
    for role in ["gestor_afiliados", "admin_marca", "finance", "influencer"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        let before = dashboard_calls(&stub);
        let res = browser.get("/admin").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role}");
        assert!(res.html().contains("error-title"), "{role}");
        assert_eq!(dashboard_calls(&stub), before, "{role} reached the api");
    }
}

#[actix_web::test]
async fn the_date_range_bounds_the_top_and_a_bad_one_is_explained() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    let res = admin.get("/admin?from=2026-11-01&to=2026-12-01").await;
    assert_eq!(res.status, StatusCode::OK);
    let asked = stub
        .received("GET", "/api/v1/dashboard/admin")
        .pop()
        .unwrap();
    assert_eq!(asked.query, "from=2026-11-01&to=2026-12-01");
    let html = res.html();
    assert!(html.contains("value=\"2026-11-01\"") && html.contains("id=\"admin-range-clear\""));
    assert!(html.contains("la fecha final no se incluye"));

    for (uri, message) in [
        (
            "/admin?from=2026-12-01&to=2026-11-01",
            "La fecha final debe ser posterior a la inicial.",
        ),
        ("/admin?from=ayer&to=", "AAAA-MM-DD"),
    ] {
        let res = admin.get(uri).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        let html = res.html();
        let error = &html[position(&html, "id=\"admin-range-error\"")..];
        assert!(error.contains(message), "{uri}: {error}");
        // The page stays useful: the dashboard unbounded, the typed values kept.
        let asked = stub
            .received("GET", "/api/v1/dashboard/admin")
            .pop()
            .unwrap();
        assert_eq!(asked.query, "", "{uri}");
        assert!(html.contains("id=\"admin-top-table\"") && html.contains("Isabela Gómez"));
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert!(
        admin
            .get("/admin?from=ayer&lang=en")
            .await
            .html()
            .contains("YYYY-MM-DD")
    );
}

#[actix_web::test]
async fn a_failing_api_gives_a_helpful_page() {
    let stub = stub::spawn();
    let mut admin = open(&stub).await;
    admin.sign_in("admin_dentsu").await;
    let res = admin.get("/admin?from=1999-01-01").await;
    assert_eq!(res.status, StatusCode::BAD_GATEWAY);
    let html = res.html();
    assert!(
        html.contains("Algo salió mal") && html.contains("Intenta de nuevo"),
        "{html}"
    );
    let res = admin.get("/admin?from=1999-01-01&lang=en").await;
    assert_eq!(res.status, StatusCode::BAD_GATEWAY);
    assert!(res.html().contains("<html lang=\"en\">"));
}

#[actix_web::test]
async fn the_status_page_shows_levels_with_icon_word_and_threshold() {
    let stub = stub::spawn();
    for role in ["admin_dentsu", "auditor", "finance"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        let res = browser.get("/estado").await;
        assert_eq!(res.status, StatusCode::OK, "{role}");
        assert!(res.html().contains("id=\"nav-status\""), "{role}");
    }
    let mut finance = open(&stub).await;
    finance.sign_in("finance").await;
    let html = finance.get("/estado").await.html();
    let badge = |id: &str| {
        let start = position(&html, &format!("id=\"{id}\""));
        let end = start + html[start..].find("</span></span>").unwrap();
        html[start..end].to_owned()
    };
    let overall = badge("status-overall");
    assert!(
        overall.contains("<svg") && overall.contains("Rojo: actuar"),
        "{overall}"
    );
    assert!(html.contains("class=\"badge level level-red\" id=\"status-overall\""));
    for (id, word, threshold) in [
        (
            "status-ingest-lag-level",
            "Ámbar: revisar",
            "p95: ámbar desde 60 s, rojo desde 300 s.",
        ),
        (
            "status-deliveries-level",
            "Ámbar: revisar",
            "Fallidas en 24 h: ámbar desde 1, rojo desde 10. Pendientes: ámbar desde 50, rojo desde 500.",
        ),
        (
            "status-reconciliation-level",
            "Ámbar: revisar",
            "Antigüedad: ámbar desde 26 h, rojo desde 50 h. Sin conciliar automáticamente: ámbar desde 1,00 %, rojo desde 5,00 %.",
        ),
        (
            "status-discrepancies-level",
            "Rojo: actuar",
            "La más antigua: ámbar desde 24 h, rojo desde 72 h.",
        ),
        (
            "status-email-backlog-level",
            "Verde: normal",
            "Correos con más de 30 minutos en cola: ámbar desde 1, rojo desde 10.",
        ),
        (
            "status-backup-level",
            "Verde: normal",
            "Antigüedad: ámbar desde 26 h, rojo desde 50 h. Sin respaldos es rojo.",
        ),
    ] {
        let b = badge(id);
        assert!(b.contains("<svg") && b.contains(word), "{id}: {b}");
        assert!(b.contains(threshold), "{id} title: {b}");
    }
    for (id, value) in [
        ("status-ingest-lag", "p50 1,5 s · p95 75,0 s"),
        ("status-ingest-lag", "120 entregas medidas"),
        ("status-deliveries", "1 fallidas (24 h) · 0 pendientes"),
        ("status-reconciliation", "Diaria · Con discrepancias"),
        (
            "status-reconciliation",
            "Conciliado automáticamente: 99,50 %",
        ),
        ("status-discrepancies", "<strong>7</strong>"),
        (
            "status-email-backlog",
            "2 sin entregar · 0 con más de 30 minutos",
        ),
        ("status-backup", "2026-12-06 07:00 UTC"),
        ("status-backup", "hace 3 h · 1.5 MB"),
    ] {
        assert!(text_of(&html, id).contains(value), "{id}: {value}");
    }
    // Open discrepancies by class (A 4, B 1, C 2) and by age (2, 1, 0, 4), to scale.
    assert_eq!(bar_width(&html, "chart-discrepancies-class-a"), 300);
    assert_eq!(bar_width(&html, "chart-discrepancies-class-b"), 75);
    assert_eq!(bar_width(&html, "chart-discrepancies-class-c"), 150);
    assert_eq!(bar_width(&html, "chart-discrepancies-class-d"), 0);
    assert_eq!(bar_width(&html, "chart-discrepancies-age-under-1-day"), 150);
    assert_eq!(bar_width(&html, "chart-discrepancies-age-over-7-days"), 300);
    assert!(html.contains("A · Falta en la plataforma: 4"));

    let english = finance.get("/estado?lang=en").await.html();
    for needle in [
        "Platform status",
        "Red: needs action",
        "Amber: needs a look",
        "p50 1.5 s · p95 75.0 s",
        "Auto-reconciled: 99.50%",
        "p95: amber from 60 s, red from 300 s.",
        "Not auto-reconciled: amber from 1.00%, red from 5.00%.",
    ] {
        assert!(english.contains(needle), "{needle}");
    }
}

#[actix_web::test]
async fn the_status_page_is_a_clear_403_outside_its_roles() {
    let stub = stub::spawn();
    for role in ["gestor_afiliados", "admin_marca", "influencer"] {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await;
        let before = stub.received("GET", "/api/v1/status").len();
        let res = browser.get("/estado").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role}");
        let html = res.html();
        assert!(
            html.contains("administrador Dentsu, auditor y finanzas"),
            "{role}"
        );
        assert!(!html.contains("id=\"nav-status\""), "{role}");
        assert_eq!(stub.received("GET", "/api/v1/status").len(), before);
    }
    // The api refuses (the roles changed under the session): the same clear page.
    *stub.state.status_refused.lock().unwrap() = true;
    let mut auditor = open(&stub).await;
    auditor.sign_in("auditor").await;
    let res = auditor.get("/estado?lang=en").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        res.html()
            .contains("Dentsu admin, auditor and finance roles")
    );
}
