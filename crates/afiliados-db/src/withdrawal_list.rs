//! Reading withdrawal requests as the api shows them (`api.md` §11 `GET /payments/withdrawals`):
//! the filtered, sorted page and the names a **Withdrawal** carries (influencer, brand,
//! requester's e-mail, documents), fetched once per page rather than once per row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{brands, documents, influencers, users, withdrawal_requests};
use crate::stored_documents::StoredDocument;
use crate::withdrawal_requests::WithdrawalRow;

/// Which requests to list (every field narrows; empty lists and `None` do not).
#[derive(Debug, Clone, Default)]
pub struct WithdrawalFilter {
    /// Statuses (`pending|approved|rejected|paid`).
    pub statuses: Vec<String>,
    /// One influencer (an influencer caller's own id replaces any requested one).
    pub influencer_id: Option<Uuid>,
    /// One brand.
    pub brand_id: Option<Uuid>,
    /// The brands of an admin_marca scope.
    pub brand_ids: Option<Vec<Uuid>>,
    /// One payout batch.
    pub batch_id: Option<Uuid>,
    /// `Some((true, now))`: approved and payable at `now`; `Some((false, now))`: the others.
    pub payable: Option<(bool, DateTime<Utc>)>,
    /// `requested_at ≥`.
    pub requested_from: Option<DateTime<Utc>>,
    /// `requested_at <`.
    pub requested_to: Option<DateTime<Utc>>,
}

/// The list's order (always completed with the id for stability).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawalSort {
    /// Newest request first (the default).
    RequestedAtDesc,
    /// Oldest first.
    RequestedAt,
    /// Largest amount first.
    AmountDesc,
    /// Smallest amount first.
    Amount,
}

fn filtered<'a>(
    tenant_id: Uuid,
    filter: &'a WithdrawalFilter,
) -> withdrawal_requests::BoxedQuery<'a, Pg> {
    use withdrawal_requests as w;
    let mut query = w::table.filter(w::tenant_id.eq(tenant_id)).into_boxed();
    if !filter.statuses.is_empty() {
        query = query.filter(w::status.eq_any(&filter.statuses));
    }
    if let Some(id) = filter.influencer_id {
        query = query.filter(w::influencer_id.eq(id));
    }
    if let Some(id) = filter.brand_id {
        query = query.filter(w::brand_id.eq(id));
    }
    if let Some(ids) = &filter.brand_ids {
        query = query.filter(w::brand_id.eq_any(ids));
    }
    if let Some(id) = filter.batch_id {
        query = query.filter(w::batch_id.eq(id));
    }
    match filter.payable {
        Some((true, now)) => {
            query = query
                .filter(w::status.eq("approved"))
                .filter(w::payable_from.le(now));
        }
        Some((false, now)) => {
            query = query.filter(
                w::status
                    .ne("approved")
                    .or(w::payable_from.gt(now))
                    .or(w::payable_from.is_null()),
            );
        }
        None => {}
    }
    if let Some(from) = filter.requested_from {
        query = query.filter(w::requested_at.ge(from));
    }
    if let Some(to) = filter.requested_to {
        query = query.filter(w::requested_at.lt(to));
    }
    query
}

/// One page of the tenant's requests matching `filter`, with the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &WithdrawalFilter,
    sort: WithdrawalSort,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<WithdrawalRow>, i64)> {
    use withdrawal_requests as w;
    let total = filtered(tenant_id, filter).count().get_result(conn).await?;
    let query = filtered(tenant_id, filter);
    let query = match sort {
        WithdrawalSort::RequestedAtDesc => query.order((w::requested_at.desc(), w::id.asc())),
        WithdrawalSort::RequestedAt => query.order((w::requested_at.asc(), w::id.asc())),
        WithdrawalSort::AmountDesc => query.order((w::amount.desc(), w::id.asc())),
        WithdrawalSort::Amount => query.order((w::amount.asc(), w::id.asc())),
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(WithdrawalRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The names a page of requests shows.
#[derive(Debug, Clone, Default)]
pub struct WithdrawalNames {
    /// Influencer id → "first last".
    pub influencers: HashMap<Uuid, String>,
    /// Brand id → name.
    pub brands: HashMap<Uuid, String>,
    /// User id → e-mail (requesters).
    pub users: HashMap<Uuid, String>,
    /// Withdrawal id → its live documents, newest first.
    pub documents: HashMap<Uuid, Vec<StoredDocument>>,
}

/// The names of `rows` in four queries.
pub async fn names(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    rows: &[WithdrawalRow],
) -> crate::Result<WithdrawalNames> {
    let influencer_ids: Vec<Uuid> = rows.iter().map(|row| row.influencer_id).collect();
    let brand_ids: Vec<Uuid> = rows.iter().map(|row| row.brand_id).collect();
    let user_ids: Vec<Uuid> = rows.iter().map(|row| row.requested_by).collect();
    let withdrawal_ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let people: Vec<(Uuid, String, String)> = influencers::table
        .filter(influencers::id.eq_any(&influencer_ids))
        .select((
            influencers::id,
            influencers::first_name,
            influencers::last_name,
        ))
        .load(conn)
        .await?;
    let brand_names: Vec<(Uuid, String)> = brands::table
        .filter(brands::id.eq_any(&brand_ids))
        .select((brands::id, brands::name))
        .load(conn)
        .await?;
    let emails: Vec<(Uuid, String)> = users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::email))
        .load(conn)
        .await?;
    let files: Vec<StoredDocument> = documents::table
        .filter(documents::tenant_id.eq(tenant_id))
        .filter(documents::owner_type.eq("withdrawal"))
        .filter(documents::owner_id.eq_any(&withdrawal_ids))
        .filter(documents::deleted_at.is_null())
        .order((documents::created_at.desc(), documents::id.desc()))
        .select(StoredDocument::as_select())
        .load(conn)
        .await?;
    let mut names = WithdrawalNames {
        influencers: people
            .into_iter()
            .map(|(id, first, last)| (id, format!("{first} {last}")))
            .collect(),
        brands: brand_names.into_iter().collect(),
        users: emails.into_iter().collect(),
        documents: HashMap::new(),
    };
    for file in files {
        names.documents.entry(file.owner_id).or_default().push(file);
    }
    Ok(names)
}

/// Σ `amount` of the brand balance's requests in `statuses` (tests and checks).
pub async fn total_in(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
    brand_id: Uuid,
    statuses: &[&str],
) -> crate::Result<rust_decimal::Decimal> {
    use diesel::dsl::sum;
    withdrawal_requests::table
        .filter(withdrawal_requests::influencer_id.eq(influencer_id))
        .filter(withdrawal_requests::brand_id.eq(brand_id))
        .filter(withdrawal_requests::status.eq_any(statuses))
        .select(sum(withdrawal_requests::amount))
        .first::<Option<rust_decimal::Decimal>>(conn)
        .await
        .map(Option::unwrap_or_default)
}
