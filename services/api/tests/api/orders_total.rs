//! The capped total of the order lists (ADR 0046): `GET /orders` and `GET /vtex/orders` count at
//! most a lookahead of matches past the page's offset. With two orders and a lookahead of one the
//! bound is reached and the total says so; past it, or with room to spare, the count is exact.
//! The lists themselves answer an exact, uncapped total on a small tenant.

use afiliados_db::orders::{CappedTotal, OrderFilter, OrderSort, list_capped};

use crate::helpers::*;
use crate::orders_ingest::{catalogue, fixture_order, ingest};
use crate::orders_read::{ids, read};

async fn two_orders(app: &TestApp) {
    catalogue(app, "pre_tax", false, "10").await;
    let (status, first) = ingest(app, &fixture_order()).await;
    assert_eq!(status, 200, "{first}");
    let mut other = fixture_order();
    other["vtexOrderId"] = serde_json::json!("1432120599999-01");
    let (status, second) = ingest(app, &other).await;
    assert_eq!(status, 200, "{second}");
}

async fn capped(app: &TestApp, offset: i64, limit: i64, lookahead: i64) -> (usize, CappedTotal) {
    let mut conn = app.conn().await;
    let (rows, total) = list_capped(
        &mut conn,
        app.state.tenant_id,
        &OrderFilter::default(),
        OrderSort::PlacedAtDesc,
        (offset, limit),
        lookahead,
    )
    .await
    .unwrap();
    (rows.len(), total)
}

#[tokio::test]
async fn the_total_is_exact_below_the_bound_and_marked_capped_at_it() {
    let app = spawn_app().await;
    two_orders(&app).await;

    let exact = |total| CappedTotal {
        total,
        capped: false,
    };
    assert_eq!(
        capped(&app, 0, 1, 1).await,
        (
            1,
            CappedTotal {
                total: 1,
                capped: true
            }
        ),
        "a second match lies past the bound of one: the total is a lower bound"
    );
    assert_eq!(capped(&app, 0, 1, 2).await, (1, exact(2)), "room to spare");
    assert_eq!(
        capped(&app, 1, 1, 1).await,
        (1, exact(2)),
        "the bound moves with the offset"
    );
    assert_eq!(
        capped(&app, 0, 2, 1).await,
        (2, exact(2)),
        "the bound is never below the page"
    );

    let (_, admin) = app.login_as("admin_dentsu").await;
    for path in ["/orders?pageSize=1", "/vtex/orders?pageSize=1"] {
        let (status, page) = read(&app, path, &admin).await;
        assert_eq!(status, 200, "{path}: {page}");
        assert_eq!(
            (page["total"].clone(), page["totalCapped"].clone()),
            (serde_json::json!(2), serde_json::json!(false)),
            "{path}: {page}"
        );
        assert_eq!(ids(&page).len(), 1);
    }
}
