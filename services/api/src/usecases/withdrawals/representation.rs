//! The **Withdrawal** representation (`api.md` §1) built from stored rows, shared by every
//! endpoint that answers one (requests, decisions, payments, batches): names, the requester's
//! e-mail, documents and the decision log are read once per page, never once per row; so are the
//! tax profiles and influencers behind the withholding preview.

use std::collections::HashMap;

use afiliados_api_types::payments::{
    RequesterRef, WithdrawalEvent, WithdrawalResponse, WithholdingPreview,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::withdrawal_list::WithdrawalNames;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::{Actor, Money, Role, WithdrawalEventAction, WithdrawalStatus};
use uuid::Uuid;

use crate::usecases::brand_scope::Scope;
use crate::usecases::documents::store::response as document_response;
use crate::usecases::list_query::stored;
use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Whether the caller may download a withdrawal's documents (FI, AD, and the influencer its
/// own): the others see the list with `downloadUrl: null`.
pub fn can_download(actor: &Actor) -> bool {
    actor.has_any(&[Role::Finance, Role::AdminDentsu, Role::Influencer])
}

/// Whether the caller sees the withholding preview of pending and approved requests: FI and AD,
/// who pay, and the influencer its own (its own withholding is no secret). AM, GA and AU see the
/// gross only: the tax profile is the influencer's private data.
pub fn can_preview(actor: &Actor) -> bool {
    actor.has_any(&[Role::Finance, Role::AdminDentsu, Role::Influencer])
}

/// Whether a request in `status` still has a payment ahead whose split is worth previewing.
fn previewable(status: &str) -> bool {
    status == WithdrawalStatus::Pending.as_str() || status == WithdrawalStatus::Approved.as_str()
}

fn money(value: rust_decimal::Decimal) -> Result<Money, UseCaseError> {
    Money::from_decimal(value)
        .map_err(|_| UseCaseError::internal("stored withdrawal amount with more than two decimals"))
}

/// One row as the api shows it, with `names` read for its page.
pub fn withdrawal_response(
    row: WithdrawalRow,
    names: &mut WithdrawalNames,
    events: Vec<WithdrawalEvent>,
    downloads: bool,
    withholding_preview: Option<WithholdingPreview>,
) -> Result<WithdrawalResponse, UseCaseError> {
    let documents = names
        .documents
        .remove(&row.id)
        .unwrap_or_default()
        .into_iter()
        .map(|document| {
            let url = downloads.then(|| {
                format!(
                    "/api/v1/payments/withdrawals/{}/documents/{}/download",
                    row.id, document.id
                )
            });
            document_response(document, url)
        })
        .collect();
    Ok(WithdrawalResponse {
        id: row.id.into(),
        influencer_id: row.influencer_id.into(),
        influencer_name: names
            .influencers
            .get(&row.influencer_id)
            .cloned()
            .unwrap_or_default(),
        brand_id: row.brand_id.into(),
        brand_name: names.brands.get(&row.brand_id).cloned().unwrap_or_default(),
        amount: money(row.amount)?,
        currency: row.currency.trim().to_owned(),
        status: stored(&row.status, WithdrawalStatus::parse)?,
        requested_by: RequesterRef {
            id: row.requested_by.into(),
            email: names
                .users
                .get(&row.requested_by)
                .cloned()
                .unwrap_or_default(),
        },
        requested_at: row.requested_at,
        notes: row.notes,
        decided_by: row.decided_by.map(Into::into),
        decided_at: row.decided_at,
        decision_notes: row.decision_notes,
        rejection_reason: row.rejection_reason,
        payable_from: row.payable_from,
        batch_id: row.batch_id,
        payment_id: row.payment_id.map(Into::into),
        paid_at: row.paid_at,
        documents,
        events,
        withholding_preview,
    })
}

/// The preview of every pending or approved row of the page, by withdrawal id: the profiles and
/// the influencers are read once for the page (ADR 0053), and the split is the payment's own
/// computation (`ProfileBook::withholding`), so the preview is what paying now would record.
async fn previews(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    rows: &[WithdrawalRow],
) -> Result<HashMap<Uuid, WithholdingPreview>, UseCaseError> {
    let pending: Vec<&WithdrawalRow> = rows.iter().filter(|row| previewable(&row.status)).collect();
    if pending.is_empty() {
        return Ok(HashMap::new());
    }
    let mut influencer_ids: Vec<Uuid> = pending.iter().map(|row| row.influencer_id).collect();
    influencer_ids.sort_unstable();
    influencer_ids.dedup();
    let profile_ids: HashMap<Uuid, Option<Uuid>> =
        afiliados_db::payout_batch_queries::influencers_by_id(tx, ctx.tenant_id, &influencer_ids)
            .await?
            .into_iter()
            .map(|influencer| (influencer.id, influencer.tax_profile_id))
            .collect();
    let book = ProfileBook::load(tx, ctx).await?;
    pending
        .into_iter()
        .map(|row| {
            let own = profile_ids.get(&row.influencer_id).copied().flatten();
            Ok((row.id, preview_of(&book, row, own)?))
        })
        .collect()
}

/// What paying `row` now would record, for an influencer whose own profile is `own`.
fn preview_of(
    book: &ProfileBook,
    row: &WithdrawalRow,
    own: Option<Uuid>,
) -> Result<WithholdingPreview, UseCaseError> {
    let split = book.withholding(money(row.amount)?, own);
    Ok(WithholdingPreview {
        gross: split.gross,
        rate: split.rate,
        withheld: split.withheld,
        net: split.net,
        tax_profile_code: book.profile_of(own).map(|profile| profile.code.clone()),
    })
}

/// What the transaction that registered a request already holds about it: the stored row (as
/// `INSERT … RETURNING` gave it), its influencer, its brand's name, the requester's e-mail and
/// the one `requested` event.
pub struct Registered<'a> {
    /// The row as stored.
    pub row: WithdrawalRow,
    /// Its influencer.
    pub influencer: &'a Influencer,
    /// Its brand's name.
    pub brand_name: &'a str,
    /// The requester's e-mail.
    pub requester_email: &'a str,
    /// The `requested` event as stored.
    pub event: WithdrawalEvent,
}

/// A request just registered, exactly as [`reloaded`] would read it back, built from what the
/// transaction already holds instead of nine reads (ADR 0080): a new request has no documents
/// and one event. `book` holds the tax profiles when the caller sees the withholding preview
/// (read with the request's first statements, ADR 0082).
pub fn registered(
    registered: Registered<'_>,
    downloads: bool,
    book: Option<&ProfileBook>,
) -> Result<WithdrawalResponse, UseCaseError> {
    let Registered {
        row,
        influencer,
        brand_name,
        requester_email,
        event,
    } = registered;
    let preview = match book {
        Some(book) if previewable(&row.status) => {
            Some(preview_of(book, &row, influencer.tax_profile_id)?)
        }
        _ => None,
    };
    let mut names = WithdrawalNames {
        influencers: HashMap::from([(
            influencer.id,
            format!("{} {}", influencer.first_name, influencer.last_name),
        )]),
        brands: HashMap::from([(row.brand_id, brand_name.to_owned())]),
        users: HashMap::from([(row.requested_by, requester_email.to_owned())]),
        documents: HashMap::new(),
    };
    withdrawal_response(row, &mut names, vec![event], downloads, preview)
}

/// A page of rows as the api shows them, in their order.
pub async fn withdrawal_responses(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    rows: Vec<WithdrawalRow>,
    downloads: bool,
    preview: bool,
) -> Result<Vec<WithdrawalResponse>, UseCaseError> {
    let mut names = afiliados_db::withdrawal_list::names(tx, ctx.tenant_id, &rows).await?;
    let mut previews = if preview {
        previews(tx, ctx, &rows).await?
    } else {
        HashMap::new()
    };
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut events: HashMap<Uuid, Vec<WithdrawalEvent>> = HashMap::new();
    for event in afiliados_db::withdrawal_events::of_withdrawals(tx, &ids).await? {
        events
            .entry(event.withdrawal_id)
            .or_default()
            .push(WithdrawalEvent {
                action: stored(&event.action, WithdrawalEventAction::parse)?,
                actor: event.actor,
                notes: event.notes,
                occurred_at: event.occurred_at,
            });
    }
    rows.into_iter()
        .map(|row| {
            let log = events.remove(&row.id).unwrap_or_default();
            let preview = previews.remove(&row.id);
            withdrawal_response(row, &mut names, log, downloads, preview)
        })
        .collect()
}

/// The withdrawal `id` as stored now (after a write in the same transaction).
pub async fn reloaded(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    id: Uuid,
    downloads: bool,
    preview: bool,
) -> Result<WithdrawalResponse, UseCaseError> {
    let row = afiliados_db::withdrawal_requests::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    withdrawal_responses(tx, ctx, vec![row], downloads, preview)
        .await?
        .pop()
        .ok_or_else(|| UseCaseError::internal("a reloaded withdrawal vanished"))
}

/// Whether `scope` reaches the request: every row, the brands of an admin_marca, or the
/// influencer's own.
pub fn visible(scope: &Scope, row: &WithdrawalRow) -> bool {
    match scope {
        Scope::All => true,
        Scope::Brands(ids) => ids.contains(&row.brand_id),
        Scope::Influencer(own) => *own == row.influencer_id,
    }
}
