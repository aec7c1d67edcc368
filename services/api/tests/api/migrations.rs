//! Migrations apply, revert completely and apply again on a scratch database.

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let admin_url = std::env::var("TEST_DATABASE_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("afiliados_scratch_{}", uuid::Uuid::new_v4().simple());
    let mut admin = AsyncPgConnection::establish(&admin_url).await.unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);

    let applied = afiliados_db::run_migrations(&url).await.unwrap();
    assert!(!applied.is_empty());
    assert!(
        afiliados_db::pending_migrations(&url)
            .await
            .unwrap()
            .is_empty()
    );
    let reverted = afiliados_db::migrate::revert_all(&url).await.unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(
        afiliados_db::pending_migrations(&url).await.unwrap().len(),
        applied.len()
    );
    let again = afiliados_db::run_migrations(&url).await.unwrap();
    assert_eq!(again, applied);

    admin
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
