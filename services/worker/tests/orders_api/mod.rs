//! A scripted stand-in for the api's `/internal/v1` delivery and order endpoints (`api.md`
//! §21.2): it answers claims with the deliveries a test registers (it serves no read of a
//! delivery: the worker must not need one, ADR 0084), answers ingests (optionally
//! failing the first ones with given statuses) and records every call, so a test checks what the
//! worker asked and reported. The real api's side is tested in the api and in `afiliados-e2e`.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use afiliados_api_types::internal_deliveries::{
    ClaimedDelivery, DeliveryResult, DeliveryStatus, InternalDelivery, OrderNotFound,
};
use afiliados_api_types::orders::{IngestOrderRequest, IngestOrderResponse, IngestOutcome};
use uuid::Uuid;

pub(crate) use crate::stand_in::TOKEN;
use crate::stand_in::{Recorded, error, next_failure, serve};

/// The platform order id every successful ingest answers.
pub(crate) const ORDER_ID: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001);

#[derive(Clone, Default)]
pub(crate) struct OrdersApi {
    state: Recorded<State>,
}

#[derive(Default)]
struct State {
    deliveries: HashMap<Uuid, InternalDelivery>,
    /// Statuses the claim answers first, per delivery (e.g. `[409]`).
    claim_failures: HashMap<Uuid, Vec<u16>>,
    /// Statuses the ingest answers first, per VTEX order id (e.g. `[503]`, `[422]`).
    ingest_failures: HashMap<String, Vec<u16>>,
    claims: HashMap<Uuid, usize>,
    results: HashMap<Uuid, Vec<DeliveryResult>>,
    ingests: Vec<IngestOrderRequest>,
    not_found: Vec<OrderNotFound>,
}

impl OrdersApi {
    fn with<T>(&self, read: impl FnOnce(&mut State) -> T) -> T {
        self.state.with(read)
    }

    pub(crate) fn add_delivery(&self, delivery: InternalDelivery, claim_failures: Vec<u16>) {
        self.with(|s| {
            s.claim_failures.insert(delivery.id, claim_failures);
            s.deliveries.insert(delivery.id, delivery);
        });
    }

    pub(crate) fn fail_ingest(&self, vtex_order_id: &str, statuses: Vec<u16>) {
        self.with(|s| s.ingest_failures.insert(vtex_order_id.to_owned(), statuses));
    }

    pub(crate) fn claims(&self, id: Uuid) -> usize {
        self.with(|s| s.claims.get(&id).copied().unwrap_or(0))
    }

    pub(crate) fn results(&self, id: Uuid) -> Vec<DeliveryResult> {
        self.with(|s| s.results.get(&id).cloned().unwrap_or_default())
    }

    /// Successful ingests of one VTEX order.
    pub(crate) fn ingests(&self, vtex_order_id: &str) -> Vec<IngestOrderRequest> {
        self.with(|s| {
            s.ingests
                .iter()
                .filter(|r| r.order.vtex_order_id == vtex_order_id)
                .cloned()
                .collect()
        })
    }

    pub(crate) fn not_found(&self) -> Vec<OrderNotFound> {
        self.with(|s| s.not_found.clone())
    }

    /// Serves the stand-in on a free port; returns its base URL.
    pub(crate) fn start(&self) -> std::io::Result<String> {
        serve(self.clone(), None, |routes| {
            routes
                .route(
                    "/internal/v1/webhook-deliveries/{id}/claim",
                    web::post().to(claim),
                )
                .route(
                    "/internal/v1/webhook-deliveries/{id}/result",
                    web::post().to(result),
                )
                .route("/internal/v1/orders/ingest", web::post().to(ingest))
                .route("/internal/v1/orders/not-found", web::post().to(not_found));
        })
    }
}

/// The envelope of a scripted failure.
fn failure(status: u16) -> HttpResponse {
    let code = match status {
        401 => "unauthenticated",
        404 => "not_found",
        409 => "delivery_not_reprocessable",
        422 => "validation_failed",
        _ => "internal_error",
    };
    error(status, code)
}

/// Like the api, the claim answers the delivery itself (`processing`, one more attempt).
async fn claim(fake: web::Data<OrdersApi>, id: web::Path<Uuid>) -> HttpResponse {
    let answer = fake.with(|s| {
        let attempt = {
            let claims = s.claims.entry(*id).or_default();
            *claims += 1;
            *claims
        };
        if let Some(status) = next_failure(s.claim_failures.get_mut(&id)) {
            return Err(status);
        }
        let mut delivery = s.deliveries.get(&id).cloned().ok_or(404_u16)?;
        delivery.status = DeliveryStatus::Processing;
        delivery.attempts = i32::try_from(attempt).unwrap_or(i32::MAX);
        Ok(ClaimedDelivery {
            attempt: delivery.attempts,
            delivery,
        })
    });
    match answer {
        Ok(claimed) => HttpResponse::Ok().json(claimed),
        Err(status) => failure(status),
    }
}

async fn result(
    fake: web::Data<OrdersApi>,
    id: web::Path<Uuid>,
    body: web::Json<DeliveryResult>,
) -> HttpResponse {
    fake.with(|s| s.results.entry(*id).or_default().push(body.into_inner()));
    HttpResponse::NoContent().finish()
}

async fn ingest(fake: web::Data<OrdersApi>, body: web::Json<IngestOrderRequest>) -> HttpResponse {
    let body = body.into_inner();
    let scripted = fake.with(|s| {
        let scripted = next_failure(s.ingest_failures.get_mut(&body.order.vtex_order_id));
        if scripted.is_none() {
            s.ingests.push(body.clone());
        }
        scripted
    });
    if let Some(status) = scripted {
        return failure(status);
    }
    HttpResponse::Ok().json(IngestOrderResponse {
        order_id: ORDER_ID,
        outcome: IngestOutcome::Created,
        status: body.order.status.clone(),
        attributed: body.order.coupon_code.is_some(),
        non_attribution_reason: None,
        commission: None,
        ledger_entries: 0,
        warnings: body.order.warnings.clone(),
    })
}

async fn not_found(fake: web::Data<OrdersApi>, body: web::Json<OrderNotFound>) -> HttpResponse {
    fake.with(|s| s.not_found.push(body.into_inner()));
    HttpResponse::NoContent().finish()
}
