//! `/commissions/*` except tiers and settlements (`api.md` §10): lists, detail and summary under
//! the row scoping of `domain.md` §2.3, the hold/release/revert state rules and error codes, the
//! staff revert of a confirmed commission opening the clawback of §5.13.3, and the audit trail.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalogue::{influencer_login, marca_login};
use crate::helpers::*;
use crate::orders_ingest::{
    Fixture, assert_ledger_identity, balance, catalogue, confirm, dec, entries_of, fixture_order,
    ingest, pay_out,
};
use crate::orders_read::{ids, isabela_login, read};

async fn attributed(app: &TestApp) -> (Fixture, Value) {
    let fixture = catalogue(app, "pre_tax", false, "10").await;
    let (status, body) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    (fixture, body)
}

async fn act(app: &TestApp, token: &str, id: &str, what: &str, body: Value) -> (u16, Value) {
    let response = app
        .post(&format!("/api/v1/commissions/{id}/{what}"), token, body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn commissions_are_scoped_and_summaries_count_only_rows_in_scope() {
    let app = spawn_app().await;
    let (fixture, body) = attributed(&app).await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, finance) = app.login_as("finance").await;
    let (status, page) = read(&app, "/commissions", &finance).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(ids(&page), vec![id.clone()]);
    let item = &page["items"][0];
    assert_eq!(item["vtexOrderId"], "1432120512345-01");
    assert_eq!(item["code"], "CETAPHIL-ISABELA7KQ2");
    assert_eq!(item["influencerName"], "Isabela Gómez");
    assert_eq!(item["commissionRate"].to_string(), "10.00");
    assert_eq!(item["netAmount"].to_string(), "20223.00");
    let (status, detail) = read(&app, &format!("/commissions/{id}"), &finance).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["lines"].as_array().unwrap().len(), 2);
    assert_eq!(
        detail["lines"][0]["commissionAmount"].to_string(),
        "12582.00"
    );
    assert_eq!(detail["transitions"][0]["kind"], "created");
    assert_eq!(detail["ruleSnapshot"]["basis"], "pre_tax");
    let (_, summary) = read(&app, "/commissions/summary", &finance).await;
    assert_eq!(summary["estimated"]["count"], 1);
    assert_eq!(summary["estimated"]["amount"].to_string(), "20223.00");
    assert_eq!(summary["eligibleAmount"].to_string(), "202230.00");

    let isabela = isabela_login(&app, &fixture).await;
    let (_, own) = read(&app, "/commissions", &isabela).await;
    assert_eq!(ids(&own), vec![id.clone()]);
    let (_, stranger) = influencer_login(&app, "Otra").await;
    let (_, none) = read(&app, "/commissions", &stranger).await;
    assert_eq!(none["total"], 0);
    for path in [
        format!("/commissions/{id}"),
        format!("/commissions/{id}/explain"),
    ] {
        let (status, _) = read(&app, &path, &stranger).await;
        assert_eq!(status, 404, "{path}");
    }
    let (_, zero) = read(&app, "/commissions/summary", &stranger).await;
    assert_eq!(zero["estimated"]["count"], 0);
    assert_eq!(zero["estimated"]["amount"].to_string(), "0.00");

    let (_, cetaphil) = marca_login(&app, &[fixture.brand]).await;
    let (_, mine) = read(&app, "/commissions", &cetaphil).await;
    assert_eq!(mine["total"], 1);
    let other_brand = app.create_brand("otra-marca").await;
    let (_, outsider) = marca_login(&app, &[other_brand]).await;
    let (_, theirs) = read(&app, "/commissions", &outsider).await;
    assert_eq!(theirs["total"], 0);
    let (status, _) = read(&app, &format!("/commissions/{id}"), &outsider).await;
    assert_eq!(status, 404);
    let (_, summary) = read(&app, "/commissions/summary", &outsider).await;
    assert_eq!(summary["estimated"]["count"], 0);
    let (_, summary) = read(
        &app,
        &format!("/commissions/summary?brandId={}", fixture.brand),
        &outsider,
    )
    .await;
    assert_eq!(
        summary["estimated"]["count"], 0,
        "a brand filter never widens the scope"
    );

    // Gestor does not read commissions (api.md §10).
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let (status, _) = read(&app, "/commissions", &gestor).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn commission_filters_and_sorting() {
    let app = spawn_app().await;
    let (fixture, body) = attributed(&app).await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, admin) = app.login_as("admin_dentsu").await;
    for (path, expected) in [
        ("/commissions?state=estimated".to_owned(), vec![id.clone()]),
        ("/commissions?state=confirmed,reverted".to_owned(), vec![]),
        ("/commissions?onHold=false".to_owned(), vec![id.clone()]),
        ("/commissions?onHold=true".to_owned(), vec![]),
        (
            format!("/commissions?brandId={}", fixture.brand),
            vec![id.clone()],
        ),
        (
            format!("/commissions?influencerId={}", Uuid::new_v4()),
            vec![],
        ),
        (
            "/commissions?vtexOrderId=1432120512345-01".to_owned(),
            vec![id.clone()],
        ),
        (
            "/commissions?sort=-commissionAmount".to_owned(),
            vec![id.clone()],
        ),
        ("/commissions?confirmedFrom=2026-01-01".to_owned(), vec![]),
    ] {
        let (status, page) = read(&app, &path, &admin).await;
        assert_eq!(status, 200, "{path}: {page}");
        assert_eq!(ids(&page), expected, "{path}");
    }
}

#[tokio::test]
async fn hold_and_release_follow_the_state_rules() {
    let app = spawn_app().await;
    let (_, body) = attributed(&app).await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, finance) = app.login_as("finance").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;

    let (status, _) = act(
        &app,
        &gestor,
        &id,
        "hold",
        json!({"reason": "manual", "notes": "revisar"}),
    )
    .await;
    assert_eq!(status, 403, "gestor cannot hold");
    for bad in [
        json!({"reason": "self_referral", "notes": "revisar"}),
        json!({"reason": "whim", "notes": "revisar"}),
        json!({"reason": "manual", "notes": "no"}),
        json!({"reason": "manual"}),
    ] {
        let (status, answer) = act(&app, &finance, &id, "hold", bad.clone()).await;
        assert_eq!(
            (status, answer["error"].clone()),
            (422, json!("validation_failed")),
            "{bad}"
        );
    }
    let (status, _) = act(
        &app,
        &finance,
        &id,
        "release",
        json!({"notes": "nada que liberar"}),
    )
    .await;
    assert_eq!(status, 409);

    let (status, held) = act(
        &app,
        &finance,
        &id,
        "hold",
        json!({"reason": "fraud_review", "notes": "cliente repetido"}),
    )
    .await;
    assert_eq!(status, 200, "{held}");
    assert_eq!(held["onHold"], true);
    assert_eq!(held["holdReason"], "fraud_review");
    let last = held["transitions"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "hold_placed");
    assert_eq!(last["context"]["notes"], "cliente repetido");
    let (status, again) = act(
        &app,
        &finance,
        &id,
        "hold",
        json!({"reason": "manual", "notes": "otra vez"}),
    )
    .await;
    assert_eq!(
        (status, again["error"].clone()),
        (409, json!("commission_not_holdable"))
    );
    assert_eq!(app.audit_actions("commission.held").await.len(), 1);
    // Finance and gestores are told in-app.
    let (_, feed) = read(&app, "/notifications", &gestor).await;
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["type"] == "commission.on_hold"),
        "{feed}"
    );

    let (status, released) = act(
        &app,
        &finance,
        &id,
        "release",
        json!({"notes": "verificado"}),
    )
    .await;
    assert_eq!(status, 200, "{released}");
    assert_eq!(released["onHold"], false);
    let (status, again) = act(
        &app,
        &finance,
        &id,
        "release",
        json!({"notes": "verificado"}),
    )
    .await;
    assert_eq!(
        (status, again["error"].clone()),
        (409, json!("commission_not_on_hold"))
    );
    assert_eq!(app.audit_actions("commission.released").await.len(), 1);

    let (status, _) = act(
        &app,
        &finance,
        &Uuid::new_v4().to_string(),
        "hold",
        json!({"reason": "manual", "notes": "revisar"}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn reverting_an_estimated_commission_moves_estimated_to_reverted_once() {
    let app = spawn_app().await;
    let (fixture, body) = attributed(&app).await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (status, answer) = act(&app, &admin, &id, "revert", json!({"reason": "x"})).await;
    assert_eq!(status, 422, "{answer}");
    let (status, held) = act(
        &app,
        &admin,
        &id,
        "hold",
        json!({"reason": "manual", "notes": "revisar"}),
    )
    .await;
    assert_eq!(status, 200, "{held}");
    let (status, reverted) = act(
        &app,
        &admin,
        &id,
        "revert",
        json!({"reason": "pedido fraudulento"}),
    )
    .await;
    assert_eq!(status, 200, "{reverted}");
    assert_eq!(reverted["state"], "reverted");
    assert_eq!(reverted["onHold"], false, "reverting clears the hold");
    assert_eq!(reverted["reversalReason"], "staff_revert");
    assert_eq!(reverted["revertedAmount"].to_string(), "20223.00");
    assert_eq!(reverted["netAmount"].to_string(), "0.00");
    let last = reverted["transitions"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "reverted");
    assert_eq!(last["reason"], "pedido fraudulento");
    assert_eq!(last["fromState"], "estimated");
    assert_eq!(
        entries_of(&app, &body["commission"]).await,
        vec![
            ("commission_estimated".into(), dec("20223.00")),
            ("commission_reverted".into(), dec("20223.00")),
        ]
    );
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.estimated, dec("0.00"));
    assert_eq!(row.reverted, dec("20223.00"));
    assert_eq!(available, dec("0.00"));
    assert_ledger_identity(&app, &fixture).await;
    let (status, again) = act(&app, &admin, &id, "revert", json!({"reason": "otra vez"})).await;
    assert_eq!(
        (status, again["error"].clone()),
        (409, json!("commission_already_reverted"))
    );
    let (status, _) = act(
        &app,
        &admin,
        &id,
        "hold",
        json!({"reason": "manual", "notes": "revisar"}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(app.audit_actions("commission.reverted").await.len(), 1);
    let (_, summary) = read(&app, "/commissions/summary", &admin).await;
    assert_eq!(summary["reverted"]["amount"].to_string(), "20223.00");
    assert_eq!(summary["eligibleAmount"].to_string(), "0.00");
}

#[tokio::test]
async fn reverting_a_confirmed_commission_after_payout_opens_the_clawback() {
    let app = spawn_app().await;
    let (fixture, body) = attributed(&app).await;
    confirm(&app, &fixture, &body["commission"]).await;
    // 20 000.00 withdrawn and paid: available 223.00 (domain.md §5.13.3).
    pay_out(&app, &fixture, "20000.00").await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, finance) = app.login_as("finance").await;
    let (status, reverted) = act(
        &app,
        &finance,
        &id,
        "revert",
        json!({"reason": "contracargo del banco"}),
    )
    .await;
    assert_eq!(status, 200, "{reverted}");
    assert_eq!(reverted["state"], "reverted");
    let entries = entries_of(&app, &body["commission"]).await;
    assert_eq!(
        entries[2..].to_vec(),
        vec![
            ("commission_reverted".into(), dec("20223.00")),
            ("adjustment_opened".into(), dec("20000.00")),
        ]
    );
    let commission: Uuid = id.parse().unwrap();
    let mut conn = app.conn().await;
    let adjustments = afiliados_db::adjustments::of_commission(&mut conn, commission)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        adjustments,
        vec![("clawback".into(), dec("20000.00"), "pending".into())]
    );
    let (row, available) = balance(&app, &fixture).await;
    assert_eq!(row.confirmed, dec("20000.00"));
    assert_eq!(row.reverted, dec("223.00"));
    assert_eq!(row.pending_adjustments, dec("20000.00"));
    assert_eq!(available, dec("-20000.00"));
    assert_ledger_identity(&app, &fixture).await;
    let (_, feed) = read(&app, "/notifications", &finance).await;
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["type"] == "balance.negative"),
        "{feed}"
    );
    let (_, ledger) = read(
        &app,
        &format!("/ledger?commissionId={id}&sort=seq"),
        &finance,
    )
    .await;
    let created_by: Vec<String> = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["createdBy"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        created_by.last().unwrap().starts_with("user:"),
        "{created_by:?}"
    );
}

#[tokio::test]
async fn the_commission_audit_trail_lists_transitions_for_ad_fi_and_au() {
    let app = spawn_app().await;
    let (_, body) = attributed(&app).await;
    let id = body["commission"]["id"].as_str().unwrap().to_owned();
    let (_, finance) = app.login_as("finance").await;
    act(
        &app,
        &finance,
        &id,
        "hold",
        json!({"reason": "manual", "notes": "revisar"}),
    )
    .await;
    let (_, auditor) = app.login_as("auditor").await;
    let (status, page) = read(
        &app,
        &format!("/commissions/audit?commissionId={id}"),
        &auditor,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["hold_placed", "created"]);
    let (_, held) = read(&app, "/commissions/audit?kind=hold_placed", &auditor).await;
    assert_eq!(held["total"], 1);
    let (_, marca) = marca_login(&app, &[]).await;
    let (status, _) = read(&app, "/commissions/audit", &marca).await;
    assert_eq!(status, 403);
}
