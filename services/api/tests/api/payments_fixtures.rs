//! Payees, balances, tax profiles and withdrawals for the payment and batch tests. Withdrawals go
//! through HTTP like a user's (ADR 0053): `POST /payments/withdrawals` by the requester (on the
//! influencer's behalf when staff), then `PATCH …/decision` by the decider, with the brand's hold
//! days set so `payableFrom` lands where the test wants it.

use afiliados_domain::{BankAccount, BankAccountInput, ManualClock};
use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app_at};
use crate::orders_ingest::{Fixture, exec, post_entry};

/// "Now" of every payment test: Tuesday 2026-03-10 10:00 in Bogotá.
pub(crate) const NOW: &str = "2026-03-10T15:00:00Z";

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The api on a clock pinned at [`NOW`].
pub(crate) async fn paying_app() -> (TestApp, ManualClock) {
    let clock = ManualClock::new(at(NOW));
    let app = spawn_app_at(&clock, |_| {}).await;
    (app, clock)
}

/// An influencer who can sign in, with a real sealed bank account.
pub(crate) struct Payee {
    pub(crate) influencer: Uuid,
    pub(crate) token: String,
    pub(crate) brand: Uuid,
}

/// An approved influencer `first last` with account `account_number` at Bancolombia, signed in,
/// and a brand `brand_slug` (created when missing).
pub(crate) async fn payee(
    app: &TestApp,
    first: &str,
    last: &str,
    account_number: &str,
    brand_slug: &str,
) -> Payee {
    let email = format!("in.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    let influencer =
        crate::catalogue::insert_influencer_for(app, first, last, "approved", Some(user)).await;
    let account = BankAccount::parse(&BankAccountInput {
        account_holder: format!("{first} {last}"),
        bank_name: "Bancolombia".into(),
        account_type: "ahorros".into(),
        account_number: account_number.into(),
    })
    .unwrap();
    let ctx = app.state.use_case_context();
    let sealed =
        afiliados_api::usecases::influencers::bank::seal(ctx.data_keys, influencer, &account)
            .unwrap();
    {
        use afiliados_db::schema::influencers;
        use diesel::{ExpressionMethods, QueryDsl};
        let mut conn = app.conn().await;
        diesel::update(influencers::table.find(influencer))
            .set((
                influencers::bank_account_ciphertext.eq(Some(sealed.ciphertext)),
                influencers::bank_account_last4.eq(Some(sealed.last4)),
                influencers::bank_account_type.eq(Some(sealed.account_type)),
                influencers::bank_name.eq(Some(sealed.bank_name)),
                influencers::email.eq(&email),
            ))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let brand = app.create_brand(brand_slug).await;
    let token = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    Payee {
        influencer,
        token,
        brand,
    }
}

/// `amount` confirmed on the payee's brand balance.
pub(crate) async fn confirm(app: &TestApp, payee: &Payee, amount: &str) {
    let fixture = fixture(payee);
    let deltas = ["0", amount, "0", "0", "0", "0"];
    post_entry(app, &fixture, "commission_confirmed", amount, deltas, None).await;
}

pub(crate) fn fixture(payee: &Payee) -> Fixture {
    Fixture {
        brand: payee.brand,
        influencer: payee.influencer,
        code: Uuid::nil(),
    }
}

/// A tax profile; returns its id.
pub(crate) async fn tax_profile(app: &TestApp, code: &str, rate: &str, threshold: &str) -> Uuid {
    let id = afiliados_db::new_id();
    let tenant = app.state.tenant_id;
    exec(
        app,
        format!(
            "INSERT INTO tax_profiles (id, tenant_id, code, name, withholding_rate, threshold_amount)
             VALUES ('{id}', '{tenant}', '{code}', 'Perfil {code}', {rate}, {threshold})"
        ),
    )
    .await;
    id
}

/// Gives the influencer its own tax profile.
pub(crate) async fn assign_profile(app: &TestApp, payee: &Payee, profile: Uuid) {
    exec(
        app,
        format!(
            "UPDATE influencers SET tax_profile_id = '{profile}' WHERE id = '{}'",
            payee.influencer
        ),
    )
    .await;
}

/// A withdrawal of `amount` requested by `requested_by` at [`NOW`] and approved by `decided_by`,
/// payable from `payable_from` (whole days after [`NOW`]: the brand's hold days); returns its id.
pub(crate) async fn approved_withdrawal_at(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
    decided_by: Uuid,
    payable_from: &str,
) -> Uuid {
    withdrawal(
        app,
        payee,
        amount,
        requested_by,
        Some((decided_by, payable_from)),
    )
    .await
}

/// A `pending` withdrawal (requested, reserved, not decided).
pub(crate) async fn pending_withdrawal(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
) -> Uuid {
    withdrawal(app, payee, amount, requested_by, None).await
}

/// A signed-in token of the user `id` (created by the test with the test password).
async fn token_of(app: &TestApp, id: Uuid) -> String {
    let email = {
        let conn = app.conn().await;
        afiliados_db::users::find(&conn, app.state.tenant_id, id)
            .await
            .unwrap()
            .expect("the test created this user")
            .email
    };
    app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// No minimum and `hold_days` on the payee's brand (what the request and decision read).
async fn brand_policy(app: &TestApp, payee: &Payee, hold_days: i64) {
    exec(
        app,
        format!(
            "INSERT INTO brand_withdrawal_policies (id, brand_id, minimum_amount, hold_days)
             VALUES ('{}', '{}', 0, {hold_days})
             ON CONFLICT (brand_id) DO UPDATE
               SET minimum_amount = 0, hold_days = EXCLUDED.hold_days",
            Uuid::new_v4(),
            payee.brand
        ),
    )
    .await;
}

async fn withdrawal(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
    decision: Option<(Uuid, &str)>,
) -> Uuid {
    let hold = decision.map_or(0, |(_, payable_from)| {
        let hold = at(payable_from) - at(NOW);
        assert_eq!(
            hold,
            chrono::Duration::days(hold.num_days()),
            "payable_from is whole days after NOW"
        );
        hold.num_days()
    });
    brand_policy(app, payee, hold).await;
    let own_user: Option<Uuid> = {
        use afiliados_db::schema::influencers;
        use diesel::{ExpressionMethods, QueryDsl};
        let mut conn = app.conn().await;
        influencers::table
            .filter(influencers::id.eq(payee.influencer))
            .select(influencers::user_id)
            .first(&mut conn)
            .await
            .unwrap()
    };
    let mut body = json!({"brandId": payee.brand, "amount": amount});
    if own_user != Some(requested_by) {
        body["influencerId"] = json!(payee.influencer);
    }
    let requester = token_of(app, requested_by).await;
    let (status, created) = crate::withdrawals::request(app, &requester, body).await;
    assert_eq!(status, 201, "withdrawal request: {created}");
    let id = created["id"].as_str().unwrap().to_owned();
    if let Some((decided_by, payable_from)) = decision {
        let decider = token_of(app, decided_by).await;
        let (status, approved) =
            crate::withdrawals::decide(app, &decider, &id, json!({"status": "approved"})).await;
        assert_eq!(status, 200, "withdrawal decision: {approved}");
        assert_eq!(
            approved["payableFrom"].as_str().map(at),
            Some(at(payable_from)),
            "{approved}"
        );
    }
    id.parse().unwrap()
}

/// Like [`approved_withdrawal_at`], payable at once (no hold).
pub(crate) async fn approved_withdrawal(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
    decided_by: Uuid,
) -> Uuid {
    approved_withdrawal_at(app, payee, amount, requested_by, decided_by, NOW).await
}
