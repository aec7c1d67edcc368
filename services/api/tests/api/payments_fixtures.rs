//! Approved withdrawals for the payment and batch tests, written the way the withdrawal
//! request and decision endpoints will write them (those arrive from another branch): in one
//! transaction the balance row is locked, the `pending` request inserted, `withdrawal_reserved`
//! posted through the one posting path, then the request approved by a finance user. To be
//! switched to HTTP (`POST /payments/withdrawals`, `PATCH …/decision`) once both branches meet.

use afiliados_api::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use afiliados_api::usecases::orders::ledger::{BalanceKey, lock};
use afiliados_db::withdrawal_requests::NewWithdrawalRequest;
use afiliados_domain::commission::LedgerMovement;
use afiliados_domain::{BankAccount, BankAccountInput, ManualClock, Money};
use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app_at};
use crate::orders_ingest::{Fixture, exec, post_entry};

/// "Now" of every payment test: Tuesday 2026-03-10 10:00 in Bogotá.
pub(crate) const NOW: &str = "2026-03-10T15:00:00Z";
/// When the fixtures' withdrawals were requested (and became payable, hold days 0).
pub(crate) const REQUESTED: &str = "2026-03-02T15:00:00Z";

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

/// A withdrawal of `amount` requested by `requested_by` at [`REQUESTED`] and approved by
/// `decided_by`, payable from `payable_from`; returns its id.
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

async fn withdrawal(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
    decision: Option<(Uuid, &str)>,
) -> Uuid {
    let ctx = app.state.use_case_context();
    let mut conn = app.conn().await;
    let id = afiliados_db::new_id();
    diesel::sql_query("BEGIN")
        .execute(&mut *conn)
        .await
        .unwrap();
    let key = BalanceKey {
        influencer_id: payee.influencer,
        brand_id: payee.brand,
        currency: "COP",
    };
    let balance = lock(&mut conn, &ctx, key).await.unwrap();
    let requested = at(REQUESTED);
    afiliados_db::withdrawal_requests::insert(
        &mut conn,
        &NewWithdrawalRequest {
            id,
            tenant_id: app.state.tenant_id,
            influencer_id: payee.influencer,
            brand_id: payee.brand,
            amount: amount.parse().unwrap(),
            currency: "COP",
            requested_by,
            requested_at: requested,
            notes: None,
            created_at: requested,
            updated_at: requested,
        },
    )
    .await
    .unwrap();
    let actor = requested_by.to_string();
    post_movement(
        &mut conn,
        &ctx,
        key,
        &balance,
        &Movement {
            movement: LedgerMovement::WithdrawalReserved,
            amount: Money::parse(amount).unwrap(),
            refs: MovementRefs {
                withdrawal_id: Some(id),
                ..MovementRefs::default()
            },
            description: "test withdrawal",
            actor: &actor,
        },
        requested,
    )
    .await
    .unwrap();
    if let Some((decided_by, payable_from)) = decision {
        afiliados_db::withdrawal_requests::approve(
            &mut conn,
            id,
            decided_by,
            None,
            at(payable_from),
            requested,
        )
        .await
        .unwrap();
    }
    diesel::sql_query("COMMIT")
        .execute(&mut *conn)
        .await
        .unwrap();
    id
}

/// Like [`approved_withdrawal_at`], payable since the request.
pub(crate) async fn approved_withdrawal(
    app: &TestApp,
    payee: &Payee,
    amount: &str,
    requested_by: Uuid,
    decided_by: Uuid,
) -> Uuid {
    approved_withdrawal_at(app, payee, amount, requested_by, decided_by, REQUESTED).await
}
