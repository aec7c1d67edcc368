//! The QA influencer's confirmed balance (domain.md §7, ADR 0043): orders `QA-ORDER-1001`
//! (250 000.00 → 37 500.00) and `QA-ORDER-1002` (200 000.00 → 30 000.00) on `QA-BOOST-01`, posted
//! as normalised orders to `POST /internal/v1/orders/ingest` — the use case the worker calls — since
//! a QA stack's worker may read a VTEX QA account where these orders do not exist. Both are
//! invoiced now, after the code was created; a settlement with `waitingPeriodDays: 0` confirms
//! them. Idempotent: an order the api has is not posted again, and the settlement runs only when
//! this run ingested one.

use afiliados_domain::{Clock, Money};
use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::client::SeedApi;

/// `(order id, unit price in pesos)`.
const QA_ORDERS: [(&str, i64); 2] = [("QA-ORDER-1001", 250_000), ("QA-ORDER-1002", 200_000)];

fn normalized(order_id: &str, pesos: i64, now: DateTime<Utc>) -> Value {
    let price = Money::from_units(pesos);
    // 19 % VAT on top, as the checkout sandbox computes it; the campaign pays on the pre-tax net.
    let tax = Money::from_units(pesos * 19 / 100);
    let total = price + tax;
    json!({
        "source": "refetch",
        "order": {
            "vtexOrderId": order_id,
            "vtexStatus": "invoiced",
            "status": "invoiced",
            "placedAt": now,
            "authorizedAt": now,
            "invoicedAt": now,
            "lastChange": now,
            "currency": "COP",
            "itemsTotal": price,
            "discountsTotal": Money::ZERO,
            "shippingTotal": Money::ZERO,
            "taxTotal": tax,
            "totalValue": total,
            "couponCode": "QA-BOOST-01",
            "couponCodeNormalized": "QA-BOOST-01",
            "customerEmail": "cliente.qa@example.com",
            "customerDocument": "900000001",
            "lines": [{
                "lineIndex": 0,
                "skuId": "2001",
                "productId": "2001",
                "name": "Cetaphil Crema Hidratante 453 g",
                "brandId": "2000050",
                "brandName": "Cetaphil",
                "categoryPath": ["3", "45"],
                "categoryId": "45",
                "quantity": 1,
                "unitPrice": price,
                "listPrice": price,
                "sellingPrice": price,
                "lineGross": price,
                "lineDiscount": Money::ZERO,
                "lineNet": price,
                "lineTax": tax,
            }],
        }
    })
}

/// Ingests the missing QA orders and settles them; returns how many were ingested.
pub(crate) async fn ensure_qa_orders(api: &SeedApi) -> anyhow::Result<usize> {
    let mut ingested = 0;
    for (order_id, pesos) in QA_ORDERS {
        let (status, _) = api
            .try_call(Method::GET, &format!("/orders/{order_id}"), None)
            .await?;
        if status == StatusCode::OK {
            continue;
        }
        let body = normalized(order_id, pesos, afiliados_domain::SystemClock.now());
        api.call_internal("/orders/ingest", &body).await?;
        ingested += 1;
    }
    if ingested > 0 {
        let body = json!({ "waitingPeriodDays": 0, "dryRun": false });
        api.call(Method::POST, "/commissions/settlements/run", Some(&body))
            .await?;
    }
    Ok(ingested)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_normalised_order_adds_up() {
        let now = "2026-03-02T14:05:10Z".parse().unwrap();
        let body = normalized("QA-ORDER-1001", 250_000, now);
        let order = &body["order"];
        assert_eq!(order["totalValue"].to_string(), "297500.00");
        assert_eq!(order["lines"][0]["lineNet"].to_string(), "250000.00");
        assert_eq!(order["lines"][0]["lineTax"].to_string(), "47500.00");
    }
}
