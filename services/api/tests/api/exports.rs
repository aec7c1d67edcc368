//! `GET /exports/orders.csv`, `/exports/commissions.csv`, `/exports/ledger.csv` (`api.md` §17,
//! §0.7): the file format (BOM, CRLF, RFC 4180 quoting of a name with a comma and quotes,
//! Spanish or English headers), the list filters, the roles and row scoping of §17 and §2.3
//! (an influencer only its own rows, an admin_marca never another brand's), and the
//! `export.downloaded` audit with the filters.

use serde_json::Value;

use crate::catalogue::{insert_influencer, marca_login};
use crate::dashboards::{Seeded, seed};
use crate::helpers::*;
use crate::orders_ingest::{Fixture, catalogue, exec, fixture_order, ingest};
use crate::orders_read::isabela_login;

/// GET as `token`: (status, content type, disposition, body text).
async fn download(app: &TestApp, path: &str, token: &str) -> (u16, String, String, String) {
    let response = app.get(&format!("/api/v1{path}"), token).await;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header("content-type");
    let disposition = header("content-disposition");
    let body = response.text().await.unwrap();
    (status, content_type, disposition, body)
}

/// The data lines of a CSV body (header dropped).
fn data_lines(body: &str) -> Vec<&str> {
    body.trim_start_matches('\u{feff}')
        .split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .collect()
}

/// Cetaphil with Isabela's fixture order (commission 20 223.00) and, in La Roche-Posay, another
/// influencer's order and commission plus a ledger entry of hers.
async fn two_brands(app: &TestApp) -> (Fixture, Fixture) {
    let cetaphil = catalogue(app, "pre_tax", false, "10").await;
    let (status, body) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    let tenant = app.state.tenant_id;
    let brand = app.create_brand("la-roche-posay").await;
    let influencer = insert_influencer(app, "Lucía", "Roche", "approved").await;
    let campaign = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO campaigns (id, tenant_id, brand_id, name, slug, start_date, status,
               base_commission_percent)
             VALUES ('{campaign}', '{tenant}', '{brand}', 'LRP Verano', 'lrp-verano',
               '2026-02-01', 'active', 10)"
        ),
    )
    .await;
    let code = afiliados_db::new_id();
    exec(
        app,
        format!(
            "INSERT INTO discount_codes (id, tenant_id, campaign_id, influencer_id, brand_id, code,
               discount_percent, status, created_by)
             VALUES ('{code}', '{tenant}', '{campaign}', '{influencer}', '{brand}', 'LAROCHE-LUCIA01',
               10, 'active', 'test')"
        ),
    )
    .await;
    let roche = Fixture {
        brand,
        influencer,
        code,
    };
    seed(
        app,
        &roche,
        campaign,
        &Seeded {
            vtex: "LRP-0001-01",
            placed: "2026-03-05T15:00:00Z",
            status: "invoiced",
            state: "estimated",
            eligible: "50000.00",
            commission: "5000.00",
            reverted: "0",
            confirmed_at: None,
            held: false,
        },
    )
    .await;
    crate::orders_ingest::post_entry(
        app,
        &roche,
        "commission_estimated",
        "5000.00",
        ["5000.00", "0", "0", "0", "0", "0"],
        None,
    )
    .await;
    (cetaphil, roche)
}

#[tokio::test]
async fn the_orders_csv_is_rfc_4180_with_a_bom_and_is_audited() {
    let app = spawn_app().await;
    let (cetaphil, _) = two_brands(&app).await;
    exec(
        &app,
        format!(
            "UPDATE influencers SET last_name = 'Gómez, \"La Isa\"' WHERE id = '{}'",
            cetaphil.influencer
        ),
    )
    .await;
    let (_, finance) = app.login_as("finance").await;
    let (status, content_type, disposition, body) =
        download(&app, "/exports/orders.csv?status=invoiced", &finance).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(
        disposition.starts_with("attachment; filename=\"orders-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert!(
        body.starts_with(
            "\u{feff}pedido_vtex,fecha_pedido,estado,estado_vtex,valor_total,total_neto_items,"
        ),
        "{body}"
    );
    let lines = data_lines(&body);
    assert_eq!(lines.len(), 2, "{body}");
    let isabela = lines
        .iter()
        .find(|line| line.starts_with("1432120512345-01,"))
        .expect("the fixture order");
    assert!(
        isabela.contains(
            ",\"Isabela Gómez, \"\"La Isa\"\"\",Cetaphil Lanzamiento,cetaphil,estimated,20223.00"
        ),
        "{isabela}"
    );
    assert!(
        isabela.contains(",2026-03-02T14:05:10.987654Z,invoiced,"),
        "{isabela}"
    );
    assert!(body.ends_with("\r\n"));

    let (_, _, _, english) = download(&app, "/exports/orders.csv?locale=en", &finance).await;
    assert!(
        english.starts_with("\u{feff}vtex_order_id,placed_at,status,"),
        "{english}"
    );
    let (status, _, _, body) = download(&app, "/exports/orders.csv?status=lost", &finance).await;
    assert_eq!(status, 422, "{body}");
    let (status, _, _, _) = download(&app, "/exports/orders.csv?locale=fr", &finance).await;
    assert_eq!(status, 422);

    let audits = app.audit_actions("export.downloaded").await;
    assert_eq!(audits.len(), 2, "refused exports are not audited");
    let filtered = audits
        .iter()
        .find(|row| {
            row.after
                .as_ref()
                .is_some_and(|after| after["filters"]["status"] == "invoiced")
        })
        .expect("the filtered download is audited with its filters");
    let after: &Value = filtered.after.as_ref().unwrap();
    assert_eq!(after["resource"], "orders");
    assert_eq!(after["rows"], 2);
}

#[tokio::test]
async fn an_influencer_exports_only_its_own_commissions_and_ledger() {
    let app = spawn_app().await;
    let (cetaphil, roche) = two_brands(&app).await;
    let isabela = isabela_login(&app, &cetaphil).await;
    let (status, _, _, body) = download(
        &app,
        &format!("/exports/commissions.csv?influencerId={}", roche.influencer),
        &isabela,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let lines = data_lines(&body);
    assert_eq!(lines.len(), 1, "{body}");
    assert!(
        lines[0].contains(",1432120512345-01,Isabela Gómez,"),
        "{body}"
    );
    assert!(!body.contains("LRP-0001-01"));

    let (status, _, _, ledger) = download(&app, "/exports/ledger.csv", &isabela).await;
    assert_eq!(status, 200, "{ledger}");
    let lines = data_lines(&ledger);
    assert_eq!(lines.len(), 1, "{ledger}");
    assert!(
        lines[0].contains(",Isabela Gómez,cetaphil,commission_estimated,20223.00,20223.00,0.00,"),
        "{ledger}"
    );
    assert!(!ledger.contains("Lucía"));

    let (status, _, _, _) = download(&app, "/exports/orders.csv", &isabela).await;
    assert_eq!(status, 403, "orders are not exported to influencers");
    assert_eq!(app.audit_actions("export.downloaded").await.len(), 2);
}

#[tokio::test]
async fn an_admin_marca_never_exports_another_brands_rows() {
    let app = spawn_app().await;
    let (cetaphil, roche) = two_brands(&app).await;
    let (_, lrp) = marca_login(&app, &[roche.brand]).await;
    for path in ["/exports/orders.csv", "/exports/commissions.csv"] {
        let (status, _, _, body) = download(&app, path, &lrp).await;
        assert_eq!(status, 200, "{path}: {body}");
        let lines = data_lines(&body);
        assert_eq!(lines.len(), 1, "{path}: {body}");
        assert!(body.contains("LRP-0001-01"), "{path}");
        assert!(!body.contains("1432120512345-01"), "{path}: {body}");
        assert!(!body.contains("Isabela"), "{path}: {body}");
    }
    // A brand filter naming Cetaphil is narrowed, never widened.
    let (_, _, _, body) = download(
        &app,
        &format!("/exports/commissions.csv?brandId={}", cetaphil.brand),
        &lrp,
    )
    .await;
    assert!(data_lines(&body).is_empty(), "{body}");
    let (status, _, _, _) = download(&app, "/exports/ledger.csv", &lrp).await;
    assert_eq!(status, 403, "the ledger export is AD, FI and IN only");

    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, _, _, _) = download(&app, "/exports/commissions.csv", &gestor).await;
    assert_eq!(status, 403);
    let (status, _, _, orders) = download(&app, "/exports/orders.csv", &gestor).await;
    assert_eq!(status, 200);
    assert_eq!(data_lines(&orders).len(), 2);
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, _, _, ledger) = download(&app, "/exports/ledger.csv?locale=en", &admin).await;
    assert!(ledger.starts_with(
        "\u{feff}seq,created_at,influencer,brand,entry_type,amount,d_estimated,d_confirmed,\
         d_reverted,d_pending_withdrawal,d_withdrawn,d_pending_adjustments,available_after,\
         description\r\n"
    ));
    assert_eq!(data_lines(&ledger).len(), 2);
}
