//! `transaction::run` and `transaction::read`, the one way handlers run use cases: `Ok` commits,
//! `Err` rolls everything back and maps once to the api's error, a read-only transaction refuses
//! writes, and a use case's typed refusal reaches the client as its envelope.

use afiliados_api::error::ApiError;
use afiliados_api::transaction;
use afiliados_api::usecases::UseCaseError;
use afiliados_api_types::ErrorCode;
use uuid::Uuid;

use crate::helpers::*;

async fn brand_exists(app: &TestApp, slug: &str) -> bool {
    let mut conn = app.conn().await;
    afiliados_db::brands::find_by_slug(&mut conn, app.state.tenant_id, slug)
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn ok_commits_and_err_rolls_back_with_its_mapped_error() {
    let app = spawn_app().await;
    let tenant = app.state.tenant_id;
    let created: Uuid = transaction::run(&app.state, async |tx| {
        Ok(afiliados_db::brands::ensure(tx, tenant, "Kept", "kept", "KEPT").await?)
    })
    .await
    .unwrap();
    assert!(brand_exists(&app, "kept").await);
    assert_ne!(created, Uuid::nil());

    let refused = transaction::run(&app.state, async |tx| {
        afiliados_db::brands::ensure(tx, tenant, "Dropped", "dropped", "DROPPED").await?;
        Err::<(), _>(UseCaseError::conflict(ErrorCode::SlugTaken))
    })
    .await;
    assert!(
        matches!(refused, Err(ApiError::Conflict(ErrorCode::SlugTaken, _))),
        "{refused:?}"
    );
    assert!(!brand_exists(&app, "dropped").await, "rolled back");
}

#[tokio::test]
async fn a_read_refuses_writes() {
    let app = spawn_app().await;
    let tenant = app.state.tenant_id;
    let written = transaction::read(&app.state, async |tx| {
        Ok(afiliados_db::brands::ensure(tx, tenant, "Nope", "nope", "NOPE").await?)
    })
    .await;
    assert!(matches!(written, Err(ApiError::Internal(_))), "{written:?}");
    assert!(!brand_exists(&app, "nope").await);
}
