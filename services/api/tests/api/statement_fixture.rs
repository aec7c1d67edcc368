//! A seeded year for the statement and withholding certificate tests: Isabela (the fixture
//! influencer of `orders_ingest`) in Cetaphil and Eucerin from December 2025 to 10 June 2026, on a
//! pinned clock that moves with every entry, so each entry's `created_at` is its instant and `seq`
//! follows time. Entries are posted the way the ledger writers do (balance row locked, entry
//! appended with its references, row stored); payments are real `payments` rows with their
//! withdrawal requests. After every month the balance rows are kept as that month's closing
//! snapshot, which the statements must reproduce.
//!
//! | when (UTC) | brand | entries | payment |
//! |---|---|---|---|
//! | 2025-12 | Cetaphil | estimated + confirmed 15 000; reserved + paid 10 000 | 2025-12-31, 0 % |
//! | 2026-01 | Cetaphil | estimated + confirmed 100 000 | |
//! | 2026-02 | Cetaphil | reserved + paid 40 000 | 2026-02-20, 11 %: 4 400 / 35 600 |
//! | 2026-03 | Cetaphil | the fixture order (estimated + confirmed 20 223, with its commission); reserved + paid 30 000; reserved 5 000 at 04-01 04:59:59Z (still March in Bogotá) | 2026-03-28, 0 % (below threshold) |
//! | 2026-04 | Cetaphil | released 5 000 at 04-01 05:00:00Z | |
//! | 2026-04 | Eucerin | estimated + confirmed 2 000 000; reserved + paid 200 000; reserved + paid 1 234 567.89 | 04-15, 10 %: 20 000 / 180 000; 04-22, 11 %: 135 802.47 / 1 098 765.42 |
//! | 2026-05 | Cetaphil | manual adjustment opened 15 000 | |
//! | 2026-06 | Eucerin | estimated 7 000 (the running month) | |

use std::collections::HashMap;

use afiliados_db::influencer_balance::BalanceBuckets;
use afiliados_db::ledger::NewLedgerEntry;
use afiliados_db::payments::NewPayment;
use afiliados_db::withdrawal_requests::NewWithdrawalRequest;
use afiliados_domain::ManualClock;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::helpers::*;
use crate::orders_ingest::{catalogue, confirm, dec, exec, fixture_order, ingest};

/// The pinned "now" of the tests: 10 June 2026, 10:00 in Bogotá.
pub(crate) const NOW: &str = "2026-06-10T15:00:00Z";

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// What an entry points at.
#[derive(Default, Clone, Copy)]
pub(crate) struct Refs {
    pub(crate) commission: Option<Uuid>,
    pub(crate) withdrawal: Option<Uuid>,
    pub(crate) payment: Option<Uuid>,
    pub(crate) adjustment: Option<Uuid>,
}

/// The balance row: buckets and available.
pub(crate) type Snapshot = (BalanceBuckets, Decimal);

pub(crate) struct SeededYear {
    pub(crate) app: TestApp,
    pub(crate) clock: ManualClock,
    pub(crate) isabela: Uuid,
    pub(crate) cetaphil: Uuid,
    pub(crate) eucerin: Uuid,
    /// The fixture order's VTEX id.
    pub(crate) vtex_order_id: String,
    /// The finance user who paid.
    pub(crate) payer: Uuid,
    /// `(brand, "YYYY-MM")` → the balance row when the month closed (June: now).
    pub(crate) closings: HashMap<(Uuid, String), Snapshot>,
}

impl SeededYear {
    async fn post(
        &self,
        brand: Uuid,
        when: &str,
        entry_type: &str,
        amount: &str,
        deltas: [&str; 6],
        refs: Refs,
    ) {
        self.clock.set(at(when));
        let app = &self.app;
        let mut conn = app.conn().await;
        let tenant = app.state.tenant_id;
        let before =
            afiliados_db::influencer_balance::lock(&conn, tenant, self.isabela, brand, "COP")
                .await
                .unwrap();
        let d: Vec<Decimal> = deltas.iter().map(|text| dec(text)).collect();
        let after = BalanceBuckets {
            estimated: before.estimated + d[0],
            confirmed: before.confirmed + d[1],
            reverted: before.reverted + d[2],
            pending_withdrawal: before.pending_withdrawal + d[3],
            withdrawn: before.withdrawn + d[4],
            pending_adjustments: before.pending_adjustments + d[5],
        };
        let available = after.confirmed
            - after.withdrawn
            - after.pending_withdrawal
            - after.pending_adjustments;
        let seq = afiliados_db::ledger::append(
            &mut conn,
            &NewLedgerEntry {
                id: afiliados_db::new_id(),
                tenant_id: tenant,
                influencer_id: self.isabela,
                brand_id: brand,
                entry_type,
                amount: dec(amount),
                d_estimated: d[0],
                d_confirmed: d[1],
                d_reverted: d[2],
                d_pending_withdrawal: d[3],
                d_withdrawn: d[4],
                d_pending_adjustments: d[5],
                available_after: available,
                commission_id: refs.commission,
                adjustment_id: refs.adjustment,
                withdrawal_id: refs.withdrawal,
                payment_id: refs.payment,
                description: "seeded",
                created_by: "test",
                created_at: at(when),
            },
        )
        .await
        .unwrap();
        afiliados_db::influencer_balance::store(
            &mut conn,
            self.isabela,
            brand,
            &after,
            available,
            seq,
            at(when),
        )
        .await
        .unwrap();
    }

    /// A commission credited outright: estimated, then confirmed a minute later.
    async fn credit(&self, brand: Uuid, when: &str, later: &str, amount: &str) {
        let minus = format!("-{amount}");
        let estimated = [amount, "0", "0", "0", "0", "0"];
        self.post(
            brand,
            when,
            "commission_estimated",
            amount,
            estimated,
            Refs::default(),
        )
        .await;
        let confirmed = [minus.as_str(), amount, "0", "0", "0", "0"];
        self.post(
            brand,
            later,
            "commission_confirmed",
            amount,
            confirmed,
            Refs::default(),
        )
        .await;
    }

    /// A withdrawal request row and its reservation.
    async fn reserve(&self, brand: Uuid, when: &str, amount: &str) -> Uuid {
        let id = afiliados_db::new_id();
        let mut conn = self.app.conn().await;
        afiliados_db::withdrawal_requests::insert(
            &mut conn,
            &NewWithdrawalRequest {
                id,
                tenant_id: self.app.state.tenant_id,
                influencer_id: self.isabela,
                brand_id: brand,
                amount: dec(amount),
                currency: "COP",
                requested_by: self.payer,
                requested_at: at(when),
                notes: None,
                created_at: at(when),
                updated_at: at(when),
            },
        )
        .await
        .unwrap();
        drop(conn);
        let reserved = ["0", "0", "0", amount, "0", "0"];
        let refs = Refs {
            withdrawal: Some(id),
            ..Refs::default()
        };
        self.post(brand, when, "withdrawal_reserved", amount, reserved, refs)
            .await;
        id
    }

    /// The payment row of a reserved withdrawal and its `payment` entry.
    #[expect(
        clippy::too_many_arguments,
        reason = "one payment row of the seeded year per call"
    )]
    async fn pay(
        &self,
        brand: Uuid,
        withdrawal: Uuid,
        when: &str,
        date: &str,
        gross: &str,
        rate: &str,
        withheld: &str,
        net: &str,
    ) {
        let id = afiliados_db::new_id();
        let mut conn = self.app.conn().await;
        afiliados_db::payments::insert(
            &mut conn,
            &[NewPayment {
                id,
                tenant_id: self.app.state.tenant_id,
                withdrawal_id: withdrawal,
                influencer_id: self.isabela,
                brand_id: brand,
                gross_amount: dec(gross),
                withholding_rate: dec(rate),
                tax_withheld: dec(withheld),
                net_amount: dec(net),
                tax_profile_code: Some("persona_natural"),
                currency: "COP",
                method: "bank_transfer",
                reference: "TRX-2026-0001",
                payment_date: date.parse::<NaiveDate>().unwrap(),
                paid_by: self.payer,
                batch_id: None,
                notes: None,
                created_at: at(when),
                updated_at: at(when),
            }],
        )
        .await
        .unwrap();
        drop(conn);
        let paid = format!("-{gross}");
        let deltas = ["0", "0", "0", paid.as_str(), gross, "0"];
        let refs = Refs {
            withdrawal: Some(withdrawal),
            payment: Some(id),
            ..Refs::default()
        };
        self.post(brand, when, "payment", gross, deltas, refs).await;
    }

    async fn close(&mut self, month: &str) {
        let mut conn = self.app.conn().await;
        for brand in [self.cetaphil, self.eucerin] {
            let row = afiliados_db::influencer_balance::read(&mut conn, self.isabela, brand)
                .await
                .unwrap()
                .unwrap_or_else(|| (BalanceBuckets::default(), Decimal::ZERO));
            self.closings.insert((brand, month.to_owned()), row);
        }
    }
}

/// The seeded year, the clock left at [`NOW`].
pub(crate) async fn seeded_year() -> SeededYear {
    let clock = ManualClock::new(at("2025-12-01T15:00:00Z"));
    let app = spawn_app_at(&clock, |_| {}).await;
    let fixture = catalogue(&app, "pre_tax", false, "10").await;
    let eucerin = app.create_brand("eucerin").await;
    let (payer, _) = {
        let email = format!("fi.{}@medipiel.co", Uuid::new_v4().simple());
        (app.create_user(&email, &["finance"], &[]).await, email)
    };
    let vtex_order_id = fixture_order()["vtexOrderId"].as_str().unwrap().to_owned();
    let mut year = SeededYear {
        app,
        clock,
        isabela: fixture.influencer,
        cetaphil: fixture.brand,
        eucerin,
        vtex_order_id,
        payer,
        closings: HashMap::new(),
    };
    let (c, e) = (year.cetaphil, year.eucerin);
    // Eucerin's balance row exists from the start (Isabela joined a campaign of it).
    {
        let conn = year.app.conn().await;
        afiliados_db::influencer_balance::ensure(
            &conn,
            year.app.state.tenant_id,
            year.isabela,
            e,
            "COP",
        )
        .await
        .unwrap();
    }

    year.credit(
        c,
        "2025-12-10T15:00:00Z",
        "2025-12-12T15:00:00Z",
        "15000.00",
    )
    .await;
    let w0 = year.reserve(c, "2025-12-20T15:00:00Z", "10000.00").await;
    year.pay(
        c,
        w0,
        "2025-12-31T15:00:00Z",
        "2025-12-31",
        "10000.00",
        "0.00",
        "0.00",
        "10000.00",
    )
    .await;
    year.close("2025-12").await;

    year.credit(
        c,
        "2026-01-15T15:00:00Z",
        "2026-01-20T15:00:00Z",
        "100000.00",
    )
    .await;
    year.close("2026-01").await;

    let w1 = year.reserve(c, "2026-02-05T15:00:00Z", "40000.00").await;
    year.pay(
        c,
        w1,
        "2026-02-20T15:00:00Z",
        "2026-02-20",
        "40000.00",
        "11.00",
        "4400.00",
        "35600.00",
    )
    .await;
    year.close("2026-02").await;

    year.clock.set(at("2026-03-25T12:00:00Z"));
    let (status, body) = ingest(&year.app, &fixture_order()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["commission"]["netAmount"].to_string(), "20223.00");
    year.clock.set(at("2026-03-26T15:00:00Z"));
    confirm(&year.app, &fixture, &body["commission"]).await;
    let w2 = year.reserve(c, "2026-03-28T15:00:00Z", "30000.00").await;
    year.pay(
        c,
        w2,
        "2026-03-28T16:00:00Z",
        "2026-03-28",
        "30000.00",
        "0.00",
        "0.00",
        "30000.00",
    )
    .await;
    // 23:59:59 of 31 March in Bogotá: still March.
    let w3 = year.reserve(c, "2026-04-01T04:59:59Z", "5000.00").await;
    year.close("2026-03").await;

    // 00:00:00 of 1 April in Bogotá: April.
    let released = ["0", "0", "0", "-5000.00", "0", "0"];
    let refs = Refs {
        withdrawal: Some(w3),
        ..Refs::default()
    };
    year.post(
        c,
        "2026-04-01T05:00:00Z",
        "withdrawal_released",
        "5000.00",
        released,
        refs,
    )
    .await;
    year.credit(
        e,
        "2026-04-02T15:00:00Z",
        "2026-04-03T15:00:00Z",
        "2000000.00",
    )
    .await;
    let w4 = year.reserve(e, "2026-04-10T15:00:00Z", "200000.00").await;
    year.pay(
        e,
        w4,
        "2026-04-15T15:00:00Z",
        "2026-04-15",
        "200000.00",
        "10.00",
        "20000.00",
        "180000.00",
    )
    .await;
    let w5 = year.reserve(e, "2026-04-18T15:00:00Z", "1234567.89").await;
    year.pay(
        e,
        w5,
        "2026-04-22T15:00:00Z",
        "2026-04-22",
        "1234567.89",
        "11.00",
        "135802.47",
        "1098765.42",
    )
    .await;
    year.close("2026-04").await;

    let adjustment = afiliados_db::new_id();
    exec(
        &year.app,
        format!(
            "INSERT INTO adjustments (id, tenant_id, influencer_id, brand_id, kind, amount, currency,
               status, reason, created_by, created_at, updated_at)
             VALUES ('{adjustment}', '{}', '{}', '{c}', 'manual', 15000.00, 'COP', 'pending',
               'muestras no devueltas', 'test', '2026-05-12T15:00:00Z', '2026-05-12T15:00:00Z')",
            year.app.state.tenant_id, year.isabela
        ),
    )
    .await;
    let opened = ["0", "0", "0", "0", "0", "15000.00"];
    let refs = Refs {
        adjustment: Some(adjustment),
        ..Refs::default()
    };
    year.post(
        c,
        "2026-05-12T15:00:00Z",
        "adjustment_opened",
        "15000.00",
        opened,
        refs,
    )
    .await;
    year.close("2026-05").await;

    let estimated = ["7000.00", "0", "0", "0", "0", "0"];
    year.post(
        e,
        "2026-06-05T15:00:00Z",
        "commission_estimated",
        "7000.00",
        estimated,
        Refs::default(),
    )
    .await;
    year.clock.set(at(NOW));
    year.close("2026-06").await;
    year
}
