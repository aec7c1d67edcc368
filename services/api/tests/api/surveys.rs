//! Surveys (`api.md` §18): an admin writes, opens (the targeted roles are notified) and closes a
//! survey; the targeted roles answer once inside the window; results name roles, never people.

use afiliados_db::schema::{notifications, survey_responses, surveys};
use afiliados_domain::ManualClock;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const NOW: &str = "2026-12-07T15:00:00Z";

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

fn body(opens: &str, closes: &str) -> Value {
    json!({
        "title": "Encuesta trimestral de la plataforma",
        "questions": [
            {"id": "satisfaccion", "text": "¿Qué tan satisfecho estás?", "type": "scale_1_5"},
            {"id": "canal", "text": "¿Qué canal usas más?", "type": "single_choice",
             "options": ["Instagram", "TikTok", "YouTube"]},
            {"id": "comentario", "text": "¿Algo más, por ejemplo \"reportes\"?", "type": "text"}
        ],
        "targetRoles": ["influencer", "finance"],
        "opensAt": opens,
        "closesAt": closes
    })
}

async fn send(app: &TestApp, method: Method, path: &str, token: &str, body: Value) -> (u16, Value) {
    let response = app
        .request(method, path)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn fields(body: &Value) -> Vec<(String, String)> {
    body["details"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or_default().to_owned(),
                        f["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A created and opened survey (window: an hour ago until ten minutes from now).
async fn open_survey(app: &TestApp, admin: &str) -> String {
    let (status, created) = send(
        app,
        Method::POST,
        "/api/v1/surveys",
        admin,
        body("2026-12-07T14:00:00Z", "2026-12-07T15:10:00Z"),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, opened) = send(
        app,
        Method::PATCH,
        &format!("/api/v1/surveys/{id}"),
        admin,
        json!({"status": "open"}),
    )
    .await;
    assert_eq!(status, 200, "{opened}");
    id
}

#[tokio::test]
async fn a_survey_is_checked_edited_while_draft_and_opening_notifies_the_targeted_roles() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (influencer, _) = app.login_as("influencer").await;
    let (finance, _) = app.login_as("finance").await;
    let (auditor, _) = app.login_as("auditor").await;

    // Every rule answers 422 on its field, and nothing is stored.
    let mut bad = body("2026-12-08T00:00:00Z", "2026-12-07T00:00:00Z");
    bad["title"] = json!("x");
    bad["questions"][1]["options"] = json!(["Solo una"]);
    bad["questions"][2]["id"] = json!("satisfaccion");
    bad["questions"][0]["options"] = json!(["a", "b"]);
    bad["targetRoles"] = json!(["influencer", "root"]);
    let (status, refused) = send(&app, Method::POST, "/api/v1/surveys", &admin, bad).await;
    assert_eq!(status, 422, "{refused}");
    let problems = fields(&refused);
    for expected in [
        ("title", "too_short"),
        ("questions[0].options", "not_allowed"),
        ("questions[1].options", "too_short"),
        ("questions[2].id", "not_unique_in_list"),
        ("targetRoles[1]", "invalid_enum"),
        ("closesAt", "date_order"),
    ] {
        assert!(
            problems.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {problems:?}"
        );
    }
    let mut no_questions = body("2026-12-07T14:00:00Z", "2026-12-08T00:00:00Z");
    no_questions["questions"] = json!([]);
    let (status, _) = send(&app, Method::POST, "/api/v1/surveys", &admin, no_questions).await;
    assert_eq!(status, 422);
    let stored: i64 = surveys::table
        .count()
        .get_result(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(stored, 0, "a refused survey leaves nothing behind");

    let (status, created) = send(
        &app,
        Method::POST,
        "/api/v1/surveys",
        &admin,
        body("2026-12-07T14:00:00Z", "2026-12-08T00:00:00Z"),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["targetRoles"], json!(["finance", "influencer"]));
    assert_eq!(created["questions"][1]["options"][2], "YouTube");
    assert_eq!(created["responsesCount"], 0);
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/surveys/{id}");

    // A draft is edited as a whole and checked again.
    let (status, edited) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"title": "Encuesta Q4", "targetRoles": ["influencer", "finance", "gestor_afiliados"]}),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["title"], "Encuesta Q4");
    let (status, refused) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"closesAt": "2026-12-07T13:00:00Z"}),
    )
    .await;
    assert_eq!(
        (status, fields(&refused)),
        (422, vec![("closesAt".into(), "date_order".into())])
    );
    let (status, refused) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"status": "paused"}),
    )
    .await;
    assert_eq!(
        (status, fields(&refused)),
        (422, vec![("status".into(), "invalid_enum".into())])
    );
    let (status, refused) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("invalid_transition"))
    );

    let (status, opened) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"status": "open"}),
    )
    .await;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["openedAt"], json!("2026-12-07T15:00:00Z"));
    assert_eq!(opened["acceptingResponses"], true);

    // Every active user of a targeted role got the notice; the auditor did not.
    let notified: Vec<(Uuid, Value)> = notifications::table
        .filter(notifications::type_.eq("survey.opened"))
        .select((notifications::user_id, notifications::payload))
        .load(&mut *app.conn().await)
        .await
        .unwrap();
    let users: Vec<Uuid> = notified.iter().map(|(user, _)| *user).collect();
    assert!(
        users.contains(&influencer) && users.contains(&finance),
        "{users:?}"
    );
    assert!(!users.contains(&auditor));
    assert_eq!(notified[0].1["surveyId"], json!(id));

    // Open is final for the contents; closing is the only step left.
    let (status, refused) =
        send(&app, Method::PATCH, &path, &admin, json!({"title": "Otra"})).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, refused) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"status": "open"}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, closed) = send(
        &app,
        Method::PATCH,
        &path,
        &admin,
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!((status, closed["status"].as_str()), (200, Some("closed")));

    let audited = app.audit_actions("survey.created").await;
    assert_eq!(audited.len(), 1);
    let updates = app.audit_actions("survey.updated").await;
    assert_eq!(updates.len(), 3, "the edit, the opening and the closing");
}

#[tokio::test]
async fn targeted_users_answer_once_inside_the_window() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, influencer) = app.login_as("influencer").await;
    let (_, finance) = app.login_as("finance").await;
    let (_, auditor) = app.login_as("auditor").await;
    let id = open_survey(&app, &admin).await;
    let answers = format!("/api/v1/surveys/{id}/responses");

    // The influencer sees it, unanswered; the auditor is not asked and cannot see it.
    let (_, page) = send(&app, Method::GET, "/api/v1/surveys", &influencer, json!({})).await;
    assert_eq!(page["items"][0]["id"], json!(id));
    assert_eq!(page["items"][0]["answered"], false);
    assert_eq!(
        page["items"][0]["responsesCount"],
        Value::Null,
        "counts are for admins"
    );
    let (_, page) = send(&app, Method::GET, "/api/v1/surveys", &auditor, json!({})).await;
    assert_eq!(page["items"], json!([]));
    let (status, _) = send(
        &app,
        Method::GET,
        &format!("/api/v1/surveys/{id}"),
        &auditor,
        json!({}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        &app,
        Method::POST,
        &answers,
        &auditor,
        json!({"answers": {}}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, refused) =
        send(&app, Method::POST, &answers, &admin, json!({"answers": {}})).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (403, Some("forbidden"))
    );

    // Answers are checked against the questions.
    let (status, refused) = send(
        &app,
        Method::POST,
        &answers,
        &influencer,
        json!({"answers": {"satisfaccion": 0, "canal": "Facebook", "comentario": "x".repeat(2_001), "otra": 1}}),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    let problems = fields(&refused);
    for expected in [
        ("answers.satisfaccion", "out_of_range"),
        ("answers.canal", "invalid_enum"),
        ("answers.comentario", "too_long"),
        ("answers.otra", "unknown_reference"),
    ] {
        assert!(
            problems.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {problems:?}"
        );
    }
    let (status, _) = send(
        &app,
        Method::POST,
        &answers,
        &influencer,
        json!({"answers": {"canal": "TikTok"}}),
    )
    .await;
    assert_eq!(status, 422, "the scale question is required");

    let (status, receipt) = send(
        &app,
        Method::POST,
        &answers,
        &influencer,
        json!({"answers": {"satisfaccion": 4, "canal": "TikTok", "comentario": "Muy útil, gracias"}}),
    )
    .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["submittedAt"], json!("2026-12-07T15:00:00Z"));
    let (status, refused) = send(
        &app,
        Method::POST,
        &answers,
        &influencer,
        json!({"answers": {"satisfaccion": 1, "canal": "TikTok"}}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("already_responded"))
    );
    let (_, page) = send(
        &app,
        Method::GET,
        "/api/v1/surveys?answered=false",
        &influencer,
        json!({}),
    )
    .await;
    assert_eq!(page["items"], json!([]));
    let (_, page) = send(
        &app,
        Method::GET,
        "/api/v1/surveys?answered=true",
        &influencer,
        json!({}),
    )
    .await;
    assert_eq!(page["items"][0]["answered"], true);

    // Past `closesAt` the survey takes no more answers, even while still `open`.
    clock.advance(Duration::minutes(11));
    let (status, refused) = send(
        &app,
        Method::POST,
        &answers,
        &finance,
        json!({"answers": {"satisfaccion": 3, "canal": "YouTube"}}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("survey_closed"))
    );
    let stored: i64 = survey_responses::table
        .count()
        .get_result(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn a_closed_survey_refuses_answers() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, finance) = app.login_as("finance").await;
    let id = open_survey(&app, &admin).await;
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/surveys/{id}"),
        &admin,
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, refused) = send(
        &app,
        Method::POST,
        &format!("/api/v1/surveys/{id}/responses"),
        &finance,
        json!({"answers": {"satisfaccion": 3, "canal": "YouTube"}}),
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (409, Some("survey_closed"))
    );
}

#[tokio::test]
async fn results_are_one_csv_row_per_response_by_role_without_names() {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, influencer) = app.login_as("influencer").await;
    let (_, finance) = app.login_as("finance").await;
    let id = open_survey(&app, &admin).await;
    let answers = format!("/api/v1/surveys/{id}/responses");
    let (status, _) = send(
        &app,
        Method::POST,
        &answers,
        &influencer,
        json!({"answers": {"satisfaccion": 5, "canal": "Instagram", "comentario": "Bien, pero \"lento\""}}),
    )
    .await;
    assert_eq!(status, 201);
    clock.advance(Duration::minutes(1));
    let (status, _) = send(
        &app,
        Method::POST,
        &answers,
        &finance,
        json!({"answers": {"satisfaccion": 2, "canal": "YouTube"}}),
    )
    .await;
    assert_eq!(status, 201);

    let response = app
        .get(&format!("/api/v1/surveys/{id}/results.csv"), &admin)
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(response.headers().contains_key("x-content-sha256"));
    let csv = response.text().await.unwrap();
    assert_eq!(
        csv,
        "\u{feff}roles_encuestado,enviado_en,satisfaccion: ¿Qué tan satisfecho estás?,canal: ¿Qué canal usas más?,\"comentario: ¿Algo más, por ejemplo \"\"reportes\"\"?\"\r\n\
         influencer,2026-12-07T15:00:00Z,5,Instagram,\"Bien, pero \"\"lento\"\"\"\r\n\
         finance,2026-12-07T15:01:00Z,2,YouTube,\r\n"
    );
    assert!(!csv.contains("medipiel.co"), "respondents are never named");
    let english = app
        .get(
            &format!("/api/v1/surveys/{id}/results.csv?locale=en"),
            &admin,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(english.starts_with("\u{feff}respondent_roles,submitted_at,"));
    let downloads = app.audit_actions("export.downloaded").await;
    assert_eq!(downloads.len(), 2);

    let response = app
        .get(&format!("/api/v1/surveys/{id}/results.csv"), &finance)
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .get(
            &format!("/api/v1/surveys/{}/results.csv", Uuid::now_v7()),
            &admin,
        )
        .await;
    assert_eq!(response.status(), 404);
}

/// The survey rows of the permission matrix (`domain.md` §2.2): `(method, path, roles allowed,
/// body)`; "allowed" for the `Any` rows means never 403 (an unknown id is 404).
pub(crate) fn surveys_matrix(some_id: Uuid) -> Vec<(Method, String, Vec<&'static str>, Value)> {
    let ad = vec!["admin_dentsu"];
    let any = vec![
        "admin_dentsu",
        "admin_marca",
        "gestor_afiliados",
        "finance",
        "auditor",
        "influencer",
    ];
    let path = format!("/api/v1/surveys/{some_id}");
    vec![
        (
            Method::POST,
            "/api/v1/surveys".into(),
            ad.clone(),
            body("2026-12-07T14:00:00Z", "2026-12-08T00:00:00Z"),
        ),
        (
            Method::GET,
            "/api/v1/surveys".into(),
            any.clone(),
            json!({}),
        ),
        (Method::GET, path.clone(), any.clone(), json!({})),
        (
            Method::PATCH,
            path.clone(),
            ad.clone(),
            json!({"status": "open"}),
        ),
        (
            Method::POST,
            format!("{path}/responses"),
            any,
            json!({"answers": {"satisfaccion": 3}}),
        ),
        (Method::GET, format!("{path}/results.csv"), ad, json!({})),
    ]
}
