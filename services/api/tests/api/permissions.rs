//! The permission matrix of domain.md §2.2 for this build's endpoints: each role reaches what it
//! may and gets 403 elsewhere; ids outside the caller's scope answer 404.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const ROLES: [&str; 6] = [
    "admin_dentsu",
    "admin_marca",
    "gestor_afiliados",
    "finance",
    "auditor",
    "influencer",
];

/// (method, path, roles allowed)
fn matrix(some_user: Uuid, some_email: Uuid) -> Vec<(Method, String, Vec<&'static str>)> {
    let ad = vec!["admin_dentsu"];
    let ad_au = vec!["admin_dentsu", "auditor"];
    let ad_fi = vec!["admin_dentsu", "finance"];
    vec![
        (Method::GET, "/api/v1/users".into(), ad.clone()),
        (
            Method::GET,
            format!("/api/v1/users/{some_user}"),
            ad.clone(),
        ),
        (Method::POST, "/api/v1/users".into(), ad.clone()),
        (
            Method::PATCH,
            format!("/api/v1/users/{some_user}"),
            ad.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{some_user}/unlock"),
            ad.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{some_user}/sessions/revoke"),
            ad.clone(),
        ),
        (Method::GET, "/api/v1/audit/logs".into(), ad_au.clone()),
        (
            Method::GET,
            "/api/v1/audit/access-review".into(),
            ad_au.clone(),
        ),
        (Method::GET, "/api/v1/dashboard/admin".into(), ad_au.clone()),
        (
            Method::GET,
            "/api/v1/status".into(),
            vec!["admin_dentsu", "auditor", "finance"],
        ),
        (Method::GET, "/api/v1/notifications/emails".into(), ad_au),
        (
            Method::POST,
            format!("/api/v1/notifications/emails/{some_email}/retry"),
            ad,
        ),
        (
            Method::GET,
            "/api/v1/vtex/webhooks/deliveries".into(),
            ad_fi.clone(),
        ),
        (
            Method::GET,
            format!("/api/v1/vtex/webhooks/deliveries/{some_email}"),
            ad_fi.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/vtex/webhooks/deliveries/{some_email}/reprocess"),
            ad_fi.clone(),
        ),
        (
            Method::POST,
            "/api/v1/vtex/webhooks/deliveries/reprocess".into(),
            ad_fi,
        ),
        (Method::GET, "/api/v1/notifications".into(), ROLES.to_vec()),
        (
            Method::GET,
            "/api/v1/notifications/pending".into(),
            vec!["admin_dentsu", "gestor_afiliados"],
        ),
        (Method::GET, "/api/v1/auth/profile".into(), ROLES.to_vec()),
    ]
}

/// Issue 11's money-out routes (`api.md` §11, §15, §17; statements and certificates ADR 0050),
/// each with a body the route accepts, so a refusal can only be the role check. "Allowed"
/// includes the scoped roles (AM its brands, IN its own): with ids nobody owns they get 404 or
/// an empty answer, never 403.
fn money_out_matrix(some_id: Uuid, brand: Uuid) -> Vec<(Method, String, Vec<&'static str>, Value)> {
    let ad_fi = vec!["admin_dentsu", "finance"];
    let ad_fi_in = vec!["admin_dentsu", "finance", "influencer"];
    let ad_fi_am = vec!["admin_dentsu", "finance", "admin_marca"];
    let readers = vec![
        "admin_dentsu",
        "gestor_afiliados",
        "finance",
        "admin_marca",
        "influencer",
    ];
    let statements = vec![
        "admin_dentsu",
        "finance",
        "auditor",
        "admin_marca",
        "influencer",
    ];
    let none = json!({});
    let w = format!("/api/v1/payments/withdrawals/{some_id}");
    let p = format!("/api/v1/payments/{some_id}");
    let b = format!("/api/v1/payments/batches/{some_id}");
    let pay = json!({"amount": "100.00", "paymentDate": "2026-03-10",
                     "method": "bank_transfer", "reference": "TRX-1"});
    let pay_batch = json!({"paymentDate": "2026-03-10", "method": "bank_transfer",
                           "reference": "TRX-1"});
    vec![
        (
            Method::GET,
            "/api/v1/payments/withdrawals".into(),
            readers.clone(),
            none.clone(),
        ),
        (
            Method::POST,
            "/api/v1/payments/withdrawals".into(),
            ad_fi_in.clone(),
            json!({"brandId": brand, "amount": "100.00", "influencerId": some_id}),
        ),
        (Method::GET, w.clone(), readers.clone(), none.clone()),
        (
            Method::PATCH,
            format!("{w}/decision"),
            ad_fi.clone(),
            json!({"status": "approved"}),
        ),
        (Method::POST, format!("{w}/pay"), ad_fi.clone(), pay),
        (
            Method::POST,
            format!("{w}/documents"),
            ad_fi_in.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{w}/documents/{some_id}/download"),
            ad_fi_in.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/payments".into(),
            ad_fi_in.clone(),
            none.clone(),
        ),
        (Method::GET, p.clone(), ad_fi_in.clone(), none.clone()),
        (
            Method::POST,
            format!("{p}/documents"),
            ad_fi.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{p}/documents/{some_id}/download"),
            ad_fi_in.clone(),
            none.clone(),
        ),
        (
            Method::POST,
            "/api/v1/payments/batches".into(),
            ad_fi.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/payments/batches".into(),
            ad_fi.clone(),
            none.clone(),
        ),
        (Method::GET, b.clone(), ad_fi.clone(), none.clone()),
        (
            Method::GET,
            format!("{b}/export.csv"),
            ad_fi.clone(),
            none.clone(),
        ),
        (Method::POST, format!("{b}/pay"), ad_fi.clone(), pay_batch),
        (
            Method::POST,
            format!("{b}/cancel"),
            ad_fi.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/payments/adjustments".into(),
            readers,
            none.clone(),
        ),
        (
            Method::POST,
            "/api/v1/payments/adjustments".into(),
            ad_fi.clone(),
            json!({"influencerId": some_id, "brandId": brand, "amount": "100.00",
                   "reason": "muestras no devueltas"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/payments/adjustments/{some_id}/resolve"),
            ad_fi.clone(),
            json!({"resolutionType": "written_off", "notes": "incobrable"}),
        ),
        (
            Method::GET,
            format!(
                "/api/v1/payments/statements?influencerId={some_id}&brandId={brand}&month=2026-01"
            ),
            statements,
            none.clone(),
        ),
        (
            Method::GET,
            format!("/api/v1/payments/withholding-certificates/2026?influencerId={some_id}"),
            ad_fi_in.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/dashboard/finance".into(),
            ad_fi.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/exports/withdrawals.csv".into(),
            ad_fi_am,
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/exports/payments.csv".into(),
            ad_fi_in,
            none.clone(),
        ),
        (
            Method::GET,
            "/api/v1/exports/adjustments.csv".into(),
            ad_fi,
            none,
        ),
    ]
}

/// Issue 12's reconciliation routes (`api.md` §17, §19; `domain.md` §2.2): AD, GA, FI and AU
/// read; FI and AD act; admin_marca and influencers reach none. Bodies the route accepts, so a
/// refusal can only be the role check (ids nobody owns answer 404 to the allowed roles).
fn reconciliation_matrix(some_id: Uuid) -> Vec<(Method, String, Vec<&'static str>, Value)> {
    let readers = vec!["admin_dentsu", "gestor_afiliados", "finance", "auditor"];
    let actors = vec!["admin_dentsu", "finance"];
    let none = json!({});
    let r = "/api/v1/vtex/reconciliations";
    vec![
        (
            Method::POST,
            r.into(),
            actors.clone(),
            json!({"runDate": "2026-03-02", "type": "daily", "discrepanciesFound": 0}),
        ),
        (
            Method::POST,
            format!("{r}/run"),
            actors.clone(),
            json!({"date": "2026-01-02"}),
        ),
        (Method::GET, r.into(), readers.clone(), none.clone()),
        (
            Method::GET,
            format!("{r}/{some_id}"),
            readers.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{r}/{some_id}/report.json"),
            readers.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{r}/{some_id}/report.csv"),
            readers.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{r}/{some_id}/discrepancies"),
            readers.clone(),
            none.clone(),
        ),
        (
            Method::GET,
            format!("{r}/discrepancies"),
            readers,
            none.clone(),
        ),
        (
            Method::POST,
            format!("{r}/discrepancies/{some_id}/reprocess"),
            actors.clone(),
            none.clone(),
        ),
        (
            Method::POST,
            format!("{r}/discrepancies/{some_id}/accept"),
            actors,
            json!({"justification": "diferencia explicada por un pedido de prueba"}),
        ),
        (
            Method::GET,
            "/api/v1/exports/reconciliation-discrepancies.csv".into(),
            vec!["admin_dentsu", "finance", "auditor"],
            none,
        ),
    ]
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_matrix_allows() {
    let app = spawn_app().await;
    let brand = app.create_brand("cetaphil").await;
    let target = app
        .create_user("target@medipiel.co", &["gestor_afiliados"], &[])
        .await;
    let mut tokens = Vec::new();
    for role in ROLES {
        let email = format!("{role}@matrix.co");
        let brands = if role == "admin_marca" {
            vec![brand]
        } else {
            vec![]
        };
        app.create_user(&email, &[role], &brands).await;
        tokens.push((
            role,
            app.login(&email).await["accessToken"]
                .as_str()
                .unwrap()
                .to_owned(),
        ));
    }
    let rows = matrix(target, Uuid::now_v7())
        .into_iter()
        .map(|(method, path, allowed)| {
            let body = match (method.as_str(), path.as_str()) {
                ("POST", "/api/v1/users") => None,
                ("PATCH", _) => Some(json!({ "firstName": "Cambiado" })),
                _ => Some(json!({})),
            };
            (method, path, allowed, body)
        })
        .chain(
            money_out_matrix(Uuid::now_v7(), brand)
                .into_iter()
                .map(|(method, path, allowed, body)| (method, path, allowed, Some(body))),
        )
        .chain(
            reconciliation_matrix(Uuid::now_v7())
                .into_iter()
                .map(|(method, path, allowed, body)| (method, path, allowed, Some(body))),
        )
        .chain(
            crate::surveys::surveys_matrix(Uuid::now_v7())
                .into_iter()
                .map(|(method, path, allowed, body)| (method, path, allowed, Some(body))),
        );
    for (method, path, allowed, body) in rows {
        for (role, token) in &tokens {
            // A new user per role, so every creation is a fresh e-mail.
            let body = body.clone().unwrap_or_else(|| {
                json!({ "email": format!("new.{role}@medipiel.co"), "firstName": "Nuevo", "lastName": "Usuario", "roles": ["auditor"] })
            });
            let response = app
                .request(method.clone(), &path)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            if allowed.contains(role) {
                assert!(
                    status != 403 && status != 401,
                    "{role} {method} {path} → {status}"
                );
            } else {
                assert_eq!(status, 403, "{role} {method} {path}");
                assert_eq!(
                    response.json::<Value>().await.unwrap()["error"],
                    "forbidden"
                );
            }
        }
    }
    // Without a token everything but the public routes is 401.
    let anonymous = app
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn out_of_scope_ids_are_404() {
    let app = spawn_app().await;
    let (owner, owner_token) = app.login_as("influencer").await;
    let (_, other_token) = app.login_as("influencer").await;
    // A notification of the owner: the other influencer cannot even learn it exists.
    let notification = {
        let mut conn = app.conn().await;
        afiliados_db::notifications::insert(
            &mut conn,
            app.state.tenant_id,
            owner,
            "test.notice",
            "info",
            &json!({}),
        )
        .await
        .unwrap();
        let (rows, _, _) = afiliados_db::notifications::list(&mut conn, owner, false, 0, 1)
            .await
            .unwrap();
        rows[0].id
    };
    let stranger = app
        .post(
            &format!("/api/v1/notifications/{notification}/read"),
            &other_token,
            json!({}),
        )
        .await;
    assert_eq!(stranger.status(), 404);
    assert_eq!(
        stranger.json::<Value>().await.unwrap()["error"],
        "not_found"
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/notifications/{notification}/read"),
            &owner_token,
            json!({})
        )
        .await
        .status(),
        204
    );

    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(
        app.get(&format!("/api/v1/users/{}", Uuid::now_v7()), &admin)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get("/api/v1/users/not-a-uuid", &admin).await.status(),
        404
    );
}
