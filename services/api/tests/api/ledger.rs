//! `GET /ledger`, `GET /commissions/balances` and `POST /commissions/balances/verify` (`api.md`
//! §10, `domain.md` §5.13): scoping, and a drift written straight into a balance row (as the
//! owner role, the ledger untouched) that verify reports and rebuild repairs.

use serde_json::{Value, json};

use crate::catalogue::{influencer_login, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{
    assert_ledger_identity, balance, catalogue, dec, fixture_order, ingest,
};
use crate::orders_read::{isabela_login, read};

async fn verify(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app
        .post("/api/v1/commissions/balances/verify", token, body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn ledger_count(app: &TestApp) -> i64 {
    use afiliados_db::schema::ledger_entries;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    ledger_entries::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn ledger_and_balances_are_scoped() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    ingest(&app, &fixture_order()).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, page) = read(&app, "/ledger", &finance).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 1);
    let entry = &page["items"][0];
    assert_eq!(entry["entryType"], "commission_estimated");
    assert_eq!(entry["amount"].to_string(), "20223.00");
    assert_eq!(entry["deltas"]["estimated"].to_string(), "20223.00");
    assert_eq!(entry["availableAfter"].to_string(), "0.00");
    let (_, balances) = read(&app, "/commissions/balances", &finance).await;
    assert_eq!(balances["total"], 1);
    assert_eq!(balances["items"][0]["estimated"].to_string(), "20223.00");
    assert_eq!(balances["items"][0]["brandName"], "cetaphil");
    let (_, grouped) = read(&app, "/commissions/balances?groupBy=influencer", &finance).await;
    assert_eq!(grouped["items"][0]["brandId"], Value::Null);
    let (_, negative) = read(&app, "/commissions/balances?negative=true", &finance).await;
    assert_eq!(negative["total"], 0);

    let isabela = isabela_login(&app, &fixture).await;
    let (_, own) = read(&app, "/ledger", &isabela).await;
    assert_eq!(own["total"], 1);
    let (_, stranger) = influencer_login(&app, "Otra").await;
    let (_, none) = read(
        &app,
        &format!("/ledger?influencerId={}", fixture.influencer),
        &stranger,
    )
    .await;
    assert_eq!(
        none["total"], 0,
        "another influencer's filter is replaced by the caller's own id"
    );
    let (_, none) = read(
        &app,
        &format!("/commissions/balances?influencerId={}", fixture.influencer),
        &stranger,
    )
    .await;
    assert_eq!(none["total"], 0);

    let (_, cetaphil) = marca_login(&app, &[fixture.brand]).await;
    let (_, mine) = read(&app, "/ledger", &cetaphil).await;
    assert_eq!(mine["total"], 1);
    let other_brand = app.create_brand("otra-marca").await;
    let (_, outsider) = marca_login(&app, &[other_brand]).await;
    let (_, theirs) = read(&app, "/ledger", &outsider).await;
    assert_eq!(theirs["total"], 0);
    let (_, theirs) = read(&app, "/commissions/balances", &outsider).await;
    assert_eq!(theirs["total"], 0);

    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, _) = read(&app, "/ledger", &gestor).await;
    assert_eq!(status, 403, "gestor reads balances, not the ledger");
    let (status, _) = read(&app, "/commissions/balances", &gestor).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn verify_reports_a_drift_and_rebuild_repairs_it_without_touching_the_ledger() {
    let app = spawn_app().await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    ingest(&app, &fixture_order()).await;
    let (_, finance) = app.login_as("finance").await;
    let (status, clean) = verify(&app, &finance, json!({})).await;
    assert_eq!(status, 200, "{clean}");
    assert_eq!(clean["checkedBalances"], 1);
    assert_eq!(clean["mismatches"], json!([]));
    assert_eq!(clean["warnings"], json!([]));

    let entries = ledger_count(&app).await;
    {
        use diesel_async::RunQueryDsl;
        let mut owner = app.owner_conn().await;
        diesel::sql_query(format!(
            "UPDATE influencer_balance SET estimated = estimated + 100.00
             WHERE influencer_id = '{}' AND brand_id = '{}'",
            fixture.influencer, fixture.brand
        ))
        .execute(&mut owner)
        .await
        .unwrap();
    }
    let (status, report) =
        verify(&app, &finance, json!({"influencerId": fixture.influencer})).await;
    assert_eq!(status, 200, "{report}");
    let mismatch = &report["mismatches"][0];
    assert_eq!(
        report["mismatches"].as_array().unwrap().len(),
        1,
        "{report}"
    );
    assert_eq!(mismatch["field"], "estimated");
    assert_eq!(mismatch["stored"].to_string(), "20323.00");
    assert_eq!(mismatch["recomputed"].to_string(), "20223.00");
    assert_eq!(mismatch["difference"].to_string(), "100.00");
    assert_eq!(report["rebuilt"], false);
    let (row, _) = balance(&app, &fixture).await;
    assert_eq!(
        row.estimated,
        dec("20323.00"),
        "verify alone changes nothing"
    );

    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, _) = verify(&app, &gestor, json!({"rebuild": true})).await;
    assert_eq!(status, 403);

    let (status, rebuilt) = verify(&app, &finance, json!({"rebuild": true})).await;
    assert_eq!(status, 200, "{rebuilt}");
    assert_eq!(rebuilt["rebuilt"], true);
    assert_eq!(rebuilt["mismatches"].as_array().unwrap().len(), 1);
    let (row, _) = balance(&app, &fixture).await;
    assert_eq!(row.estimated, dec("20223.00"));
    assert_eq!(
        ledger_count(&app).await,
        entries,
        "the ledger is never modified"
    );
    assert_ledger_identity(&app, &fixture).await;
    let (_, after) = verify(&app, &finance, json!({})).await;
    assert_eq!(after["mismatches"], json!([]));
    assert_eq!(app.audit_actions("balances.rebuilt").await.len(), 1);
    assert_eq!(app.audit_actions("balances.verified").await.len(), 3);
}
