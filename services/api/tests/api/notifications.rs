//! The in-app feed: messages in the reader's language, marking everything read at once.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::onboarding::publish;

#[tokio::test]
async fn the_feed_speaks_the_readers_language_and_read_all_clears_it() {
    let app = spawn_app().await;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    publish(&app, &admin, "terms", "1.0").await;
    publish(&app, &admin, "privacy", "1.0").await;

    let feed: Value = app
        .get("/api/v1/notifications", &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feed["unreadCount"], 2);
    let message = feed["items"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Se publicó la versión 1.0"),
        "{message}"
    );

    let only_other_kind = app
        .post(
            "/api/v1/notifications/read-all",
            &gestor,
            json!({ "type": "code.activated" }),
        )
        .await;
    assert_eq!(only_other_kind.status(), 204);
    let feed: Value = app
        .get("/api/v1/notifications", &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        feed["unreadCount"], 2,
        "a type filter leaves other types unread"
    );

    let all = app
        .post("/api/v1/notifications/read-all", &gestor, json!({}))
        .await;
    assert_eq!(all.status(), 204);
    let feed: Value = app
        .get("/api/v1/notifications", &gestor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feed["unreadCount"], 0);
    let admin_feed: Value = app
        .get("/api/v1/notifications", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        admin_feed["unreadCount"], 2,
        "only the caller's feed is cleared"
    );

    let bad = app
        .post(
            "/api/v1/notifications/read-all",
            &gestor,
            json!({ "type": 5 }),
        )
        .await;
    assert_eq!(bad.status(), 422);
}
