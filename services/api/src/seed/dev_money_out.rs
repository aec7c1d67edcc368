//! The money-out part of `seed dev-orders` (issue 11, item 8): once the demo orders are settled,
//! Isabela asks for three Cetaphil withdrawals through the api — one Finance pays (with a voucher
//! attached), one Finance approves, one stays pending — and a second influencer's whole balance is
//! paid out before one unit of one of its orders comes back through the VTEX sandbox, so the
//! reversal finds the money gone and opens a clawback debt (`domain.md` §5.13.3). Everything
//! goes through the production path: the api's handlers and rules, the sandbox's hook, the
//! worker's fetch and the api's ingestion.
//!
//! Idempotent: Isabela's withdrawals are only requested when she has none, and the clawback is
//! only provoked when no clawback adjustment exists.

use std::time::Duration;

use afiliados_domain::{Clock, Money};
use reqwest::Method;
use serde_json::{Value, json};

use super::client::{SeedApi, text};
use super::dev_order_book::ISABELA;
use super::dev_orders::money;
use super::sandbox::SandboxAdmin;

/// The Finance users of `seed dev`.
const FINANCE: &str = "finance@medipiel.co";
const POLL: Duration = Duration::from_millis(400);

/// Seeds the demo withdrawals, payment and clawback (see the module documentation).
pub(super) async fn seed_money_out(
    api: &mut SeedApi,
    sandbox: &SandboxAdmin,
    ingestion_timeout: Duration,
) -> anyhow::Result<()> {
    let isabela = influencer_id(api, ISABELA).await?;
    let existing = api
        .call(
            Method::GET,
            &format!("/payments/withdrawals?influencerId={isabela}&pageSize=1"),
            None,
        )
        .await?;
    if page_is_empty(&existing) {
        isabela_withdrawals(api).await?;
    } else {
        println!("[money 1/2] Isabela already has withdrawals; none requested");
    }
    let clawbacks = api
        .call(
            Method::GET,
            "/payments/adjustments?kind=clawback&pageSize=1",
            None,
        )
        .await?;
    if page_is_empty(&clawbacks) {
        clawback_after_payout(api, sandbox, ingestion_timeout).await?;
    } else {
        println!("[money 2/2] a clawback debt exists; not provoked again");
    }
    api.act_as("admin@medipiel.co").await
}

fn page_is_empty(page: &Value) -> bool {
    page["items"].as_array().is_none_or(Vec::is_empty)
}

async fn influencer_id(api: &SeedApi, email: &str) -> anyhow::Result<String> {
    let row = api
        .first(&format!("/influencers?q={email}"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("{email} is not seeded"))?;
    text(&row, "id")
}

fn today() -> String {
    afiliados_domain::bogota_date(afiliados_domain::SystemClock.now()).to_string()
}

/// Three Cetaphil withdrawals of 20 000.00 (the brand's minimum): paid with a voucher, approved,
/// pending.
async fn isabela_withdrawals(api: &mut SeedApi) -> anyhow::Result<()> {
    api.act_as(ISABELA).await?;
    let mut ids = Vec::new();
    for note in [
        "Retiro demo (pagado)",
        "Retiro demo (aprobado)",
        "Retiro demo (pendiente)",
    ] {
        let body = json!({ "brandId": "cetaphil", "amount": "20000.00", "notes": note });
        let withdrawal = api
            .call(Method::POST, "/payments/withdrawals", Some(&body))
            .await?;
        ids.push(text(&withdrawal, "id")?);
    }
    api.act_as(FINANCE).await?;
    for id in &ids[..2] {
        approve(api, id).await?;
    }
    let payment = pay(api, &ids[0], "20000.00", "DEMO-TRF-0001").await?;
    let payment_id = text(&payment, "id")?;
    api.upload(
        &format!("/payments/{payment_id}/documents"),
        "voucher",
        "comprobante-demo.pdf",
        "application/pdf",
        demo_voucher_pdf(),
    )
    .await?;
    println!(
        "[money 1/2] Isabela: 3 Cetaphil withdrawals of 20 000 COP — paid (net {} COP, voucher \
         attached), approved, pending",
        payment["netAmount"]
    );
    Ok(())
}

async fn approve(api: &SeedApi, withdrawal_id: &str) -> anyhow::Result<()> {
    let body = json!({ "status": "approved", "notes": "Aprobado (datos demo)" });
    api.call(
        Method::PATCH,
        &format!("/payments/withdrawals/{withdrawal_id}/decision"),
        Some(&body),
    )
    .await
    .map(|_| ())
}

async fn pay(
    api: &SeedApi,
    withdrawal_id: &str,
    amount: &str,
    reference: &str,
) -> anyhow::Result<Value> {
    let body = json!({
        "amount": amount, "paymentDate": today(), "method": "bank_transfer", "reference": reference,
    });
    api.call(
        Method::POST,
        &format!("/payments/withdrawals/{withdrawal_id}/pay"),
        Some(&body),
    )
    .await
}

/// A one-page PDF saying what it is: the demo voucher.
fn demo_voucher_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >> endobj\n\
trailer << /Root 1 0 R >>\n%%EOF\n"
        .to_vec()
}

/// Another influencer's available balance in a brand is paid out whole; then one unit of one of
/// its confirmed orders is returned in VTEX, so the reversal after payout opens a clawback.
async fn clawback_after_payout(
    api: &mut SeedApi,
    sandbox: &SandboxAdmin,
    ingestion_timeout: Duration,
) -> anyhow::Result<()> {
    api.act_as("admin@medipiel.co").await?;
    let isabela = influencer_id(api, ISABELA).await?;
    let balances = api
        .call(Method::GET, "/commissions/balances?pageSize=100", None)
        .await?;
    let minimums = brand_minimums(api).await?;
    let candidate = balances["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["influencerId"] != isabela.as_str())
        .filter_map(|b| {
            let available = money(&b["available"])?;
            let minimum = minimums
                .iter()
                .find(|(id, _)| b["brandId"] == id.as_str())?
                .1;
            (available.amount() >= minimum.amount() && available.is_positive())
                .then(|| (b.clone(), available))
        })
        .max_by_key(|(_, available)| available.amount());
    let Some((balance, available)) = candidate else {
        println!("[money 2/2] no other influencer has a withdrawable balance; no clawback seeded");
        return Ok(());
    };
    let influencer = text(&balance, "influencerId")?;
    let brand = text(&balance, "brandId")?;
    let (vtex_order_id, line_index) = returnable_line(api, &influencer, &brand).await?;

    let body = json!({
        "brandId": brand, "influencerId": influencer, "amount": available.to_string(),
        "notes": "Retiro demo: saldo completo antes de una devolución",
    });
    let withdrawal = api
        .call(Method::POST, "/payments/withdrawals", Some(&body))
        .await?;
    let withdrawal_id = text(&withdrawal, "id")?;
    // The request was made by the admin on the influencer's behalf: Finance decides and pays.
    api.act_as(FINANCE).await?;
    approve(api, &withdrawal_id).await?;
    pay(api, &withdrawal_id, &available.to_string(), "DEMO-TRF-0002").await?;

    sandbox.return_units(&vtex_order_id, line_index, 1).await?;
    wait_for_clawback(api, &influencer, ingestion_timeout).await?;
    println!(
        "[money 2/2] {} COP paid out, then a unit of {vtex_order_id} returned: clawback debt open",
        available
    );
    Ok(())
}

/// A confirmed order of the balance with an eligible line that has not been returned yet: what
/// a one-unit return reverts from `confirmed`.
async fn returnable_line(
    api: &SeedApi,
    influencer_id: &str,
    brand_id: &str,
) -> anyhow::Result<(String, usize)> {
    let page = api
        .call(
            Method::GET,
            &format!(
                "/orders?influencerId={influencer_id}&brandId={brand_id}&status=invoiced&pageSize=50"
            ),
            None,
        )
        .await?;
    for row in page["items"].as_array().into_iter().flatten() {
        let vtex_order_id = text(row, "vtexOrderId")?;
        let order = api
            .call(Method::GET, &format!("/orders/{vtex_order_id}"), None)
            .await?;
        if order["commission"]["state"] != "confirmed" {
            continue;
        }
        let line = order["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|line| {
                line["eligible"] == true
                    && line["returnedQuantity"] == 0
                    && line["quantity"].as_i64().is_some_and(|q| q >= 1)
            });
        if let Some(index) = line.and_then(|line| line["lineIndex"].as_u64()) {
            return Ok((vtex_order_id, usize::try_from(index)?));
        }
    }
    anyhow::bail!("no confirmed order with a returnable eligible line for the clawback influencer")
}

async fn brand_minimums(api: &SeedApi) -> anyhow::Result<Vec<(String, Money)>> {
    let brands = api.call(Method::GET, "/brands?pageSize=100", None).await?;
    Ok(brands["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| {
            let minimum = money(&b["withdrawalPolicy"]["minimumAmount"])?;
            Some((b["id"].as_str()?.to_owned(), minimum))
        })
        .collect())
}

async fn wait_for_clawback(
    api: &SeedApi,
    influencer_id: &str,
    timeout: Duration,
) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + timeout;
    let path =
        format!("/payments/adjustments?kind=clawback&influencerId={influencer_id}&pageSize=1");
    loop {
        let page = api.call(Method::GET, &path, None).await?;
        if !page_is_empty(&page) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!(
                "the return was not ingested as a clawback within {} s (is the worker running?)",
                timeout.as_secs()
            );
        }
        tokio::time::sleep(POLL).await;
    }
}
