//! The money-out story of issue 11 in headless Chromium, against the real api, web and
//! PostgreSQL: the influencer requests a withdrawal in its wallet → a first finance user approves
//! it in the queue → a second finance user puts it in a batch, downloads the payout CSV and pays
//! the batch → finance attaches the voucher to the payment → the influencer sees the withdrawal
//! paid with gross, withheld and net (10 %: 20 000,00 → 2 000,00 → 18 000,00) and downloads the
//! voucher, byte for byte. Only the confirmed balance and the tax profile are prepared below the
//! browser; every act of the story goes through the web's forms.

use std::time::Duration;

use afiliados_api::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use afiliados_api::usecases::orders::ledger::{BalanceKey, lock};
use afiliados_db::schema::{influencers, tax_profiles};
use afiliados_db_test::fixtures::{CodeIds, CodeWorld, insert_code_world};
use afiliados_domain::Money;
use afiliados_domain::commission::LedgerMovement;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::chrome::{browser, chromedriver, spawn_web};
use crate::coupon_sync::stack::TestResult;
use crate::program::{click, fill, sign_in, wait_for};
use crate::stack::{ApiUnderTest, namespace, redis_url, spawn_api};

/// What the influencer asks for, as it types it in Spanish.
const REQUESTED: &str = "20000,00";
/// Gross, withheld (10 %) and net as the web writes COP in Spanish.
const GROSS_ES: &str = "$ 20.000,00";
const WITHHELD_ES: &str = "$ 2.000,00";
const NET_ES: &str = "$ 18.000,00";

/// A small real PDF (the api checks the file's real type, not its name).
const VOUCHER: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// The fixture's influencer with a sign-in, the 10 % tax profile `honorarios_10` (no threshold)
/// and 20 000.00 confirmed on the brand's balance, posted the way settlement posts it
/// (`commission_estimated` then `commission_confirmed`, through the one posting path).
async fn influencer_with_balance(api: &ApiUnderTest) -> TestResult<(CodeIds, String)> {
    let tenant = api.state.tenant_id;
    let mut conn = api.state.db.get().await?;
    let ids = insert_code_world(&mut conn, tenant, &CodeWorld::active("retiros")).await?;
    let email = format!("isabela-{}@example.com", Uuid::new_v4().simple());
    let user_id = api.create_user(&email, &["influencer"]).await;
    let profile = afiliados_db::new_id();
    diesel::insert_into(tax_profiles::table)
        .values((
            tax_profiles::id.eq(profile),
            tax_profiles::tenant_id.eq(tenant),
            tax_profiles::code.eq("honorarios_10"),
            tax_profiles::name.eq("Honorarios 10 %"),
            tax_profiles::withholding_rate.eq(Decimal::new(10, 0)),
            tax_profiles::threshold_amount.eq(Decimal::ZERO),
        ))
        .execute(&mut conn)
        .await?;
    diesel::update(influencers::table.find(ids.influencer_id))
        .set((
            influencers::user_id.eq(Some(user_id)),
            influencers::email.eq(&email),
            influencers::tax_profile_id.eq(Some(profile)),
        ))
        .execute(&mut conn)
        .await?;
    let ctx = api.state.use_case_context();
    let amount = Money::parse("20000.00").map_err(|code| format!("amount: {code:?}"))?;
    let now = chrono::Utc::now();
    // One transaction, as settlement posts: the balance row locked, both entries appended.
    diesel::sql_query("BEGIN").execute(&mut conn).await?;
    let key = BalanceKey {
        influencer_id: ids.influencer_id,
        brand_id: ids.brand_id,
        currency: "COP",
    };
    let mut balance = lock(&conn, &ctx, key).await?;
    for movement in [
        LedgerMovement::CommissionEstimated,
        LedgerMovement::CommissionConfirmed,
    ] {
        let posted = Movement {
            movement,
            amount,
            refs: MovementRefs::default(),
            description: "e2e: a settled commission",
            actor: "system",
        };
        balance = post_movement(&conn, &ctx, key, &balance, &posted, now).await?;
    }
    diesel::sql_query("COMMIT").execute(&mut conn).await?;
    Ok((ids, email))
}

/// Waits for the first element `css` matches.
async fn wait_css(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

/// The text of the element with this id.
async fn text_of(client: &Client, id: &str) -> String {
    wait_for(client, id)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("text of #{id}: {e}"))
}

/// The last path segment of the page the browser is on (the id of the record it shows).
async fn id_in_url(client: &Client) -> String {
    let url = client.current_url().await.expect("url");
    url.path_segments()
        .and_then(|mut segments| segments.next_back().map(str::to_owned))
        .expect("an id in the path")
}

/// Signs in through the login page, in Spanish (the notation the amounts are checked in).
async fn sign_in_es(client: &Client, web: &str, email: &str) {
    client
        .goto(&format!("{web}/login?lang=es"))
        .await
        .expect("language choice");
    sign_in(client, web, email).await;
}

/// Fetches `href` (a path of the web) with the browser's cookies, as the browser's download
/// would: the status and the bytes.
async fn download(client: &Client, web: &str, href: &str) -> (u16, Vec<u8>) {
    let cookies = client
        .get_all_cookies()
        .await
        .expect("cookies")
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; ");
    let response = reqwest::Client::new()
        .get(format!("{web}{href}"))
        .header(reqwest::header::COOKIE, cookies)
        .send()
        .await
        .expect("download");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("bytes").to_vec())
}

/// The influencer asks for 20 000,00 of the brand in its wallet; answers the withdrawal's id.
async fn influencer_requests(client: &Client, web: &str, brand: Uuid) -> String {
    client
        .goto(&format!("{web}/influencer/billetera"))
        .await
        .expect("wallet");
    let available = text_of(client, &format!("wallet-{brand}-available")).await;
    assert!(available.contains(GROSS_ES), "{available}");
    fill(client, &format!("amount-{brand}"), REQUESTED).await;
    fill(client, &format!("notes-{brand}"), "Retiro de marzo").await;
    click(client, &format!("withdraw-submit-{brand}")).await;
    wait_css(client, "#withdrawal-summary[data-status='pending']").await;
    let amount = text_of(client, "withdrawal-amount").await;
    assert!(amount.contains(GROSS_ES), "{amount}");
    id_in_url(client).await
}

/// Finance finds the request in its queue and approves it; the pay section then previews the
/// withholding of the influencer's profile.
async fn finance_approves(client: &Client, web: &str, withdrawal: &str) {
    client.goto(&format!("{web}/retiros")).await.expect("queue");
    wait_css(client, "#tab-pending[aria-current='page']").await;
    let row = text_of(client, &format!("withdrawal-{withdrawal}")).await;
    assert!(row.contains(GROSS_ES), "{row}");
    client
        .find(Locator::Css(&format!(
            "#withdrawal-{withdrawal} a[href='/retiros/{withdrawal}']"
        )))
        .await
        .expect("the request's link")
        .click()
        .await
        .expect("open the request");
    wait_css(client, "#withdrawal-summary[data-status='pending']").await;
    fill(client, "decision-notes", "Saldo verificado").await;
    click(client, "withdrawal-approve").await;
    wait_css(client, "#withdrawal-summary[data-status='approved']").await;
    assert!(text_of(client, "preview-gross").await.contains(GROSS_ES));
    let rate = text_of(client, "preview-rate").await;
    assert!(
        rate.contains("10") && rate.contains("honorarios_10"),
        "{rate}"
    );
    assert!(
        text_of(client, "preview-withheld")
            .await
            .contains(WITHHELD_ES)
    );
    assert!(text_of(client, "preview-net").await.contains(NET_ES));
}

/// A second finance user batches the brand's payable withdrawals, checks the totals and the
/// payout CSV, and pays the batch; answers the payment's id.
async fn second_finance_pays_in_a_batch(
    client: &Client,
    web: &str,
    brand: Uuid,
    withdrawal: &str,
) -> String {
    client.goto(&format!("{web}/lotes")).await.expect("batches");
    wait_for(client, "batches-title").await;
    client
        .find(Locator::Css(&format!(
            "#batch-brand option[value='{brand}']"
        )))
        .await
        .expect("the brand in the select")
        .click()
        .await
        .expect("choose the brand");
    click(client, "batch-create-submit").await;
    wait_css(client, "#batch-summary[data-status='exported']").await;
    assert!(text_of(client, "batch-gross").await.contains(GROSS_ES));
    assert!(
        text_of(client, "batch-withheld")
            .await
            .contains(WITHHELD_ES)
    );
    assert!(text_of(client, "batch-net").await.contains(NET_ES));
    let listed = text_of(client, "batch-withdrawals").await;
    assert!(listed.contains(GROSS_ES), "{listed}");
    let href = wait_for(client, "batch-csv")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("the CSV link");
    let (status, csv) = download(client, web, &href).await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).expect("utf-8");
    let line = csv
        .lines()
        .find(|line| line.contains(withdrawal))
        .unwrap_or_else(|| panic!("the withdrawal's line: {csv}"));
    for value in ["20000.00", "2000.00", "18000.00"] {
        assert!(line.contains(value), "{value} in {line}");
    }
    fill(client, "batch-reference", "TRF-2026-03-0001").await;
    click(client, "batch-pay-submit").await;
    wait_css(client, "#batch-summary[data-status='paid']").await;
    client
        .goto(&format!("{web}/retiros/{withdrawal}"))
        .await
        .expect("the withdrawal");
    wait_css(client, "#withdrawal-summary[data-status='paid']").await;
    wait_for(client, "withdrawal-payment")
        .await
        .click()
        .await
        .expect("to the payment");
    wait_for(client, "payment-title").await;
    id_in_url(client).await
}

/// Finance reads the payment's split and attaches the voucher through the upload form.
async fn finance_attaches_the_voucher(client: &Client, voucher: &std::path::Path) {
    assert!(text_of(client, "payment-gross").await.contains(GROSS_ES));
    assert!(
        text_of(client, "payment-withheld")
            .await
            .contains(WITHHELD_ES)
    );
    assert!(text_of(client, "payment-net").await.contains(NET_ES));
    // A batch's payment carries the batch reference and the withdrawal's own (`AFI-…`).
    let reference = text_of(client, "payment-reference").await;
    assert!(
        reference.starts_with("TRF-2026-03-0001/AFI-"),
        "{reference}"
    );
    client
        .find(Locator::Css("#document-kind option[value='voucher']"))
        .await
        .expect("the voucher kind")
        .click()
        .await
        .expect("choose voucher");
    wait_for(client, "document-file")
        .await
        .send_keys(&voucher.display().to_string())
        .await
        .expect("choose the file");
    click(client, "document-upload-submit").await;
    let listed = wait_css(client, "#documents li[id^='document-'] a")
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(listed, "comprobante.pdf");
}

/// The influencer sees the withdrawal paid and the payment's split in its wallet, opens the
/// payment and downloads the voucher, byte for byte.
async fn influencer_sees_it_paid(client: &Client, web: &str, withdrawal: &str, payment: &str) {
    client
        .goto(&format!("{web}/influencer/billetera"))
        .await
        .expect("wallet");
    wait_css(
        client,
        &format!("#wallet-withdrawals #withdrawal-{withdrawal} .badge.s-paid"),
    )
    .await;
    let row = text_of(client, &format!("payment-{payment}")).await;
    for amount in [GROSS_ES, WITHHELD_ES, NET_ES] {
        assert!(row.contains(amount), "{amount} in {row}");
    }
    client
        .find(Locator::Css(&format!("#payment-{payment} a")))
        .await
        .expect("the payment's link")
        .click()
        .await
        .expect("open the payment");
    assert!(text_of(client, "payment-net").await.contains(NET_ES));
    let link = wait_css(client, "#documents li[id^='document-'] a").await;
    let href = link.attr("href").await.expect("attr").expect("href");
    assert!(
        href.starts_with(&format!("/pagos/{payment}/documentos/")),
        "{href}"
    );
    let (status, bytes) = download(client, web, &href).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, VOUCHER, "the voucher finance attached, unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_is_requested_approved_paid_in_a_batch_and_its_voucher_downloaded()
-> TestResult {
    let api = spawn_api(&redis_url(), &namespace()).await;
    let (ids, influencer_email) = influencer_with_balance(&api).await?;
    let approver = format!("finanzas-1-{}@example.com", Uuid::new_v4().simple());
    let payer = format!("finanzas-2-{}@example.com", Uuid::new_v4().simple());
    api.create_user(&approver, &["finance"]).await;
    api.create_user(&payer, &["finance"]).await;
    let voucher_dir = std::env::temp_dir().join(format!("afiliados-voucher-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&voucher_dir)?;
    let voucher = voucher_dir.join("comprobante.pdf");
    std::fs::write(&voucher, VOUCHER)?;

    let web = spawn_web(&api.address).await;
    let driver = chromedriver().await;

    let influencer = browser(&driver).await;
    sign_in_es(&influencer, &web, &influencer_email).await;
    let withdrawal = influencer_requests(&influencer, &web, ids.brand_id).await;

    let first = browser(&driver).await;
    sign_in_es(&first, &web, &approver).await;
    finance_approves(&first, &web, &withdrawal).await;
    first.close().await?;

    let second = browser(&driver).await;
    sign_in_es(&second, &web, &payer).await;
    let payment = second_finance_pays_in_a_batch(&second, &web, ids.brand_id, &withdrawal).await;
    finance_attaches_the_voucher(&second, &voucher).await;
    second.close().await?;

    influencer_sees_it_paid(&influencer, &web, &withdrawal, &payment).await;
    influencer.close().await?;
    drop(driver.child);
    std::fs::remove_dir_all(&voucher_dir)?;
    Ok(())
}
