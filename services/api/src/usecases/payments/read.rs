//! `GET /payments` and `GET /payments/{id}` (FI, AD every payment; IN its own; `api.md` §11).
//! Another influencer's payment is "not found", never "forbidden".

use afiliados_api_types::Page;
use afiliados_api_types::payments::{ListPaymentsQuery, PaymentResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::payment_queries::PaymentFilter;
use afiliados_db::payments::PaymentRow;
use afiliados_domain::{Actor, FieldCode, bogota_date};
use uuid::Uuid;

use super::{PAYERS, method, representation};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::list_query::instant;
use crate::usecases::paging::Pagination;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The filter and order (`true`: ascending) of a query, before scoping; unknown values are 422.
/// `GET /exports/payments.csv` parses with this too, so list and export mean the same rows.
/// `from`/`to` are business dates (an instant counts as its Bogotá date), `to` exclusive
/// (`api.md` §0.3).
pub fn parse(query: &ListPaymentsQuery) -> Result<(PaymentFilter, bool), UseCaseError> {
    let mut problems = Problems::new();
    let method = query
        .method
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .and_then(|raw| {
            let parsed = method::parse(raw);
            if parsed.is_none() {
                problems.push("method", FieldCode::InvalidEnum);
            }
            parsed
        });
    let ascending = match query.sort.as_deref().unwrap_or("-paymentDate") {
        "-paymentDate" => false,
        "paymentDate" => true,
        _ => {
            problems.push("sort", FieldCode::InvalidEnum);
            false
        }
    };
    let filter = PaymentFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        batch_id: query.batch_id,
        method: method.map(|m| m.as_str().to_owned()),
        from: instant("from", query.from.as_deref(), &mut problems).map(bogota_date),
        to: instant("to", query.to.as_deref(), &mut problems).map(bogota_date),
    };
    problems.finish()?;
    Ok((filter, ascending))
}

/// A page of payments in the caller's scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListPaymentsQuery,
) -> Result<Page<PaymentResponse>, UseCaseError> {
    let scope = resolve(conn, actor, &PAYERS, false, true).await?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let (mut filter, ascending) = parse(query)?;
    if let Scope::Influencer(own) = scope {
        filter.influencer_id = Some(own);
    }
    let (rows, total) = afiliados_db::payment_queries::page(
        conn,
        ctx.tenant_id,
        &filter,
        ascending,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = representation::responses(conn, ctx, rows).await?;
    Ok(paging.page(items, total))
}

/// A payment the caller may read (FI, AD any; IN its own), or "not found".
pub async fn visible(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<PaymentRow, UseCaseError> {
    let scope = resolve(conn, actor, &PAYERS, false, true).await?;
    let row = afiliados_db::payments::find(conn, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    match scope {
        Scope::Influencer(own) if row.influencer_id != own => Err(UseCaseError::NotFound),
        _ => Ok(row),
    }
}

/// `GET /payments/{id}`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, payment.id = %id))]
pub async fn get(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<PaymentResponse, UseCaseError> {
    let row = visible(conn, ctx, actor, id).await?;
    representation::response(conn, ctx, row).await
}
