//! The rows of `GET /exports/withdrawals.csv` and `GET /exports/payments.csv` (`api.md` §17): the
//! tenant's withdrawal requests and payments matching the filters of their lists, a page at a
//! time with the total, plus the e-mails of the users they name (who asked, decided, paid).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::payments::PaymentRow;
use crate::schema::{payments, users, withdrawal_requests};
use crate::withdrawal_requests::WithdrawalRow;

/// The filters of `GET /payments/withdrawals`, already scoped.
#[derive(Debug, Clone, Default)]
pub struct WithdrawalFilter {
    /// Scope of an admin_marca.
    pub brand_ids: Option<Vec<Uuid>>,
    /// Statuses (empty: any).
    pub statuses: Vec<String>,
    /// Influencer.
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// `Some(true)`: approved with `payable_from ≤ payable_at`; `Some(false)`: anything else.
    pub payable: Option<bool>,
    /// The instant `payable` is judged at (now).
    pub payable_at: Option<DateTime<Utc>>,
    /// `requested_at` ≥.
    pub from: Option<DateTime<Utc>>,
    /// `requested_at` <.
    pub to: Option<DateTime<Utc>>,
}

/// How withdrawals are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawalOrder {
    /// `requestedAt` (`-` when descending).
    RequestedAt {
        /// Newest first.
        descending: bool,
    },
    /// `amount`.
    Amount {
        /// Largest first.
        descending: bool,
    },
}

/// One page of the withdrawals matching `filter`, with the total.
pub async fn withdrawals(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &WithdrawalFilter,
    order: WithdrawalOrder,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<WithdrawalRow>, i64)> {
    let build = || {
        let mut query = withdrawal_requests::table
            .filter(withdrawal_requests::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(ids) = &filter.brand_ids {
            query = query.filter(withdrawal_requests::brand_id.eq_any(ids.clone()));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(withdrawal_requests::status.eq_any(filter.statuses.clone()));
        }
        if let Some(id) = filter.influencer_id {
            query = query.filter(withdrawal_requests::influencer_id.eq(id));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(withdrawal_requests::brand_id.eq(id));
        }
        if let Some(id) = filter.batch_id {
            query = query.filter(withdrawal_requests::batch_id.eq(id));
        }
        if let (Some(payable), Some(at)) = (filter.payable, filter.payable_at) {
            let is_payable = withdrawal_requests::status
                .eq("approved")
                .and(withdrawal_requests::payable_from.le(at));
            query = if payable {
                query.filter(is_payable)
            } else {
                query.filter(diesel::dsl::not(is_payable.assume_not_null()))
            };
        }
        if let Some(from) = filter.from {
            query = query.filter(withdrawal_requests::requested_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(withdrawal_requests::requested_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let query = match order {
        WithdrawalOrder::RequestedAt { descending: true } => build().order((
            withdrawal_requests::requested_at.desc(),
            withdrawal_requests::id.asc(),
        )),
        WithdrawalOrder::RequestedAt { descending: false } => build().order((
            withdrawal_requests::requested_at.asc(),
            withdrawal_requests::id.asc(),
        )),
        WithdrawalOrder::Amount { descending: true } => build().order((
            withdrawal_requests::amount.desc(),
            withdrawal_requests::id.asc(),
        )),
        WithdrawalOrder::Amount { descending: false } => build().order((
            withdrawal_requests::amount.asc(),
            withdrawal_requests::id.asc(),
        )),
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(WithdrawalRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The filters of `GET /payments`, already scoped.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    /// Influencer (an influencer's own id replaces any other).
    pub influencer_id: Option<Uuid>,
    /// Brand.
    pub brand_id: Option<Uuid>,
    /// Batch.
    pub batch_id: Option<Uuid>,
    /// Method.
    pub method: Option<String>,
    /// `payment_date` ≥.
    pub from: Option<NaiveDate>,
    /// `payment_date` < (`api.md` §0.3: `to` is exclusive).
    pub to: Option<NaiveDate>,
}

/// One page of the payments matching `filter`, by value date (`descending`: newest first).
pub async fn payments(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &PaymentFilter,
    descending: bool,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<PaymentRow>, i64)> {
    let build = || {
        let mut query = payments::table
            .filter(payments::tenant_id.eq(tenant_id))
            .into_boxed();
        if let Some(id) = filter.influencer_id {
            query = query.filter(payments::influencer_id.eq(id));
        }
        if let Some(id) = filter.brand_id {
            query = query.filter(payments::brand_id.eq(id));
        }
        if let Some(id) = filter.batch_id {
            query = query.filter(payments::batch_id.eq(id));
        }
        if let Some(method) = &filter.method {
            query = query.filter(payments::method.eq(method.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(payments::payment_date.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(payments::payment_date.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let query = if descending {
        build().order((
            payments::payment_date.desc(),
            payments::created_at.desc(),
            payments::id.asc(),
        ))
    } else {
        build().order((
            payments::payment_date.asc(),
            payments::created_at.asc(),
            payments::id.asc(),
        ))
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// `users.email` by id.
pub async fn user_emails(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::email))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
