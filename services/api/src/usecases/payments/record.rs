//! The writes of payments on withdrawals that passed [`super::rules::check`], with their balances
//! and rows already locked (balances first): the payment row with its withholding snapshot, the
//! ledger `payment` for the gross, the withdrawal `paid`, its `paid` event, the balance row after
//! the entry and the `withdrawal_paid` e-mail with gross, withheld and net.
//!
//! Two steps, shared by one pay and a batch pay so the two can never disagree:
//! [`plan`] computes every value of one payment in memory (ids, withholding, reference, ledger
//! deltas and `available_after` on the balance as it is before this payment, e-mail content);
//! [`write_planned`] writes a list of planned payments set-based, one multi-row statement per
//! table and chunk of [`CHUNK`] payments, so the statement count does not grow with a batch.

use std::collections::HashMap;

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencer_balance::BalanceAfter;
use afiliados_db::ledger::NewLedgerEntry;
use afiliados_db::payments::NewPayment;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::commission::{Buckets, LedgerEntryDraft, LedgerMovement, post};
use afiliados_domain::withholding::Withholding;
use afiliados_domain::{Money, WithdrawalEventAction};
use afiliados_email_messages::{EmailMessage, WithdrawalPaid};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::rules::PayTerms;
use crate::usecases::emails::{QueuedEmail, queue_many};
use crate::usecases::ledger::post::stored_buckets;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Payments written per statement of [`write_planned`] (the largest, the ledger insert, binds 20
/// arrays of this many elements).
pub const CHUNK: usize = 1_000;

/// Who receives the e-mail.
#[derive(Debug, Clone)]
pub struct Payee {
    /// Greeting name.
    pub first_name: String,
    /// Address on file.
    pub email: String,
    /// Its user account.
    pub user_id: Option<Uuid>,
    /// `es` or `en`.
    pub locale: String,
}

impl Payee {
    /// The payee of `influencer`, whose account (if any) has `locale` (Spanish when it has no
    /// account or none was found).
    pub fn of(influencer: &afiliados_db::influencers::Influencer, locale: Option<&str>) -> Payee {
        Payee {
            first_name: influencer.first_name.clone(),
            email: influencer.email.clone(),
            user_id: influencer.user_id,
            locale: locale.unwrap_or("es").to_owned(),
        }
    }

    /// The influencer's greeting, address and locale, read for one influencer.
    pub async fn load(
        conn: &mut AsyncPgConnection,
        ctx: &UseCaseContext<'_>,
        influencer: &afiliados_db::influencers::Influencer,
    ) -> Result<Payee, UseCaseError> {
        let mut payees = Payee::load_many(conn, ctx, &[influencer]).await?;
        payees
            .remove(&influencer.id)
            .ok_or_else(|| UseCaseError::internal("payee of the influencer missing"))
    }

    /// The payees of many influencers, by influencer id, with one query for the locales.
    pub async fn load_many(
        conn: &mut AsyncPgConnection,
        ctx: &UseCaseContext<'_>,
        influencers: &[&afiliados_db::influencers::Influencer],
    ) -> Result<HashMap<Uuid, Payee>, UseCaseError> {
        let user_ids: Vec<Uuid> = influencers.iter().filter_map(|i| i.user_id).collect();
        let locales: HashMap<Uuid, String> = if user_ids.is_empty() {
            HashMap::new()
        } else {
            afiliados_db::users::locales_by_id(conn, ctx.tenant_id, &user_ids)
                .await?
                .into_iter()
                .map(|(id, locale)| (id, locale.as_str().to_owned()))
                .collect()
        };
        Ok(influencers
            .iter()
            .map(|influencer| {
                let locale = influencer
                    .user_id
                    .and_then(|id| locales.get(&id))
                    .map(String::as_str);
                (influencer.id, Payee::of(influencer, locale))
            })
            .collect())
    }
}

/// What every payment of one request shares.
#[derive(Debug, Clone, Copy)]
pub struct PayAct<'a> {
    /// The request's fields.
    pub terms: &'a PayTerms,
    /// The batch paying it.
    pub batch_id: Option<Uuid>,
    /// Who pays (user id as text, for events and ledger entries).
    pub actor_label: &'a str,
    /// Who pays.
    pub paid_by: Uuid,
    /// Now.
    pub now: DateTime<Utc>,
}

/// One payment to plan.
#[derive(Debug, Clone, Copy)]
pub struct PaymentToWrite<'a> {
    /// The locked, approved withdrawal.
    pub row: &'a WithdrawalRow,
    /// Its locked balance as it is before this payment (after the earlier ones of a batch).
    pub balance: &'a Buckets,
    /// The reference stored on this payment.
    pub reference: &'a str,
    /// Gross, rate, withheld, net.
    pub withholding: Withholding,
    /// The profile applied (snapshot).
    pub profile_code: Option<&'a str>,
    /// The brand's name (e-mail).
    pub brand_name: &'a str,
    /// The e-mail's recipient.
    pub payee: &'a Payee,
}

/// Every value of one payment, computed before anything is written.
#[derive(Debug, Clone)]
pub struct PlannedPayment {
    /// The payment's id.
    pub id: Uuid,
    /// The withdrawal paid.
    pub withdrawal_id: Uuid,
    /// Influencer.
    pub influencer_id: Uuid,
    /// Brand.
    pub brand_id: Uuid,
    /// ISO currency.
    pub currency: String,
    /// Gross, rate, withheld, net.
    pub withholding: Withholding,
    /// The profile applied.
    pub profile_code: Option<String>,
    /// The payment's reference.
    pub reference: String,
    /// The ledger entry (deltas, `available_after`).
    pub entry: LedgerEntryDraft,
    /// The entry's description.
    pub description: String,
    /// The balance after the entry.
    pub after: Buckets,
    /// The e-mail's recipient.
    pub payee: Payee,
    /// The `withdrawal_paid` e-mail.
    pub email: EmailMessage,
}

/// Plans one payment on `payment.balance`; the balance after it is in
/// [`PlannedPayment::after`] (the next payment of the same balance starts from there).
pub fn plan(
    ctx: &UseCaseContext<'_>,
    act: &PayAct<'_>,
    payment: PaymentToWrite<'_>,
) -> Result<PlannedPayment, UseCaseError> {
    let row = payment.row;
    let w = payment.withholding;
    let (entry, after) = post(payment.balance, LedgerMovement::Payment, w.gross)
        .map_err(|refused| UseCaseError::internal(format!("ledger movement refused: {refused}")))?;
    let email = WithdrawalPaid {
        first_name: payment.payee.first_name.clone(),
        brand_name: payment.brand_name.to_owned(),
        gross: w.gross.amount(),
        withholding_rate: w.rate.value(),
        withheld: w.withheld.amount(),
        net: w.net.amount(),
        payment_date: act.terms.payment_date,
        reference: payment.reference.to_owned(),
        link: format!(
            "{}/payments",
            ctx.settings.web_public_url.trim_end_matches('/')
        ),
    }
    .into();
    Ok(PlannedPayment {
        id: afiliados_db::new_id(),
        withdrawal_id: row.id,
        influencer_id: row.influencer_id,
        brand_id: row.brand_id,
        currency: row.currency.clone(),
        withholding: w,
        profile_code: payment.profile_code.map(str::to_owned),
        reference: payment.reference.to_owned(),
        entry,
        description: format!("payment {} of withdrawal {}", payment.reference, row.id),
        after,
        payee: payment.payee.clone(),
        email,
    })
}

/// Plans and writes one payment; returns its id.
pub async fn write(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    act: &PayAct<'_>,
    payment: PaymentToWrite<'_>,
) -> Result<Uuid, UseCaseError> {
    let planned = plan(ctx, act, payment)?;
    write_planned(tx, ctx, act, std::slice::from_ref(&planned)).await?;
    Ok(planned.id)
}

/// Writes `planned` (in the order they were planned: the entries of one balance chain through
/// [`PlannedPayment::after`]) in chunks of [`CHUNK`]: payments, withdrawals `paid`, their events,
/// the ledger entries (their `seq` drawn in list order), the e-mails with their jobs, then each
/// balance row once, as it is after its last entry.
pub async fn write_planned(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    act: &PayAct<'_>,
    planned: &[PlannedPayment],
) -> Result<(), UseCaseError> {
    // (influencer, brand) → (buckets after, seq of its last entry), in first-seen order.
    let mut last: HashMap<(Uuid, Uuid), (Buckets, i64)> = HashMap::new();
    let mut order: Vec<(Uuid, Uuid)> = Vec::new();
    for chunk in planned.chunks(CHUNK) {
        let payments: Vec<NewPayment<'_>> = chunk
            .iter()
            .map(|p| NewPayment {
                id: p.id,
                tenant_id: ctx.tenant_id,
                withdrawal_id: p.withdrawal_id,
                influencer_id: p.influencer_id,
                brand_id: p.brand_id,
                gross_amount: p.withholding.gross.amount(),
                withholding_rate: p.withholding.rate.value(),
                tax_withheld: p.withholding.withheld.amount(),
                net_amount: p.withholding.net.amount(),
                tax_profile_code: p.profile_code.as_deref(),
                currency: &p.currency,
                method: act.terms.method.as_str(),
                reference: &p.reference,
                payment_date: act.terms.payment_date,
                paid_by: act.paid_by,
                batch_id: act.batch_id,
                notes: act.terms.notes.as_deref(),
                created_at: act.now,
                updated_at: act.now,
            })
            .collect();
        afiliados_db::payments::insert(tx, &payments).await?;
        let paid: Vec<(Uuid, Uuid)> = chunk.iter().map(|p| (p.withdrawal_id, p.id)).collect();
        let changed = afiliados_db::withdrawal_requests::mark_paid_many(tx, &paid, act.now).await?;
        if changed != chunk.len() {
            return Err(UseCaseError::internal(
                "a paid withdrawal was not marked paid",
            ));
        }
        let events: Vec<NewWithdrawalEvent<'_>> = chunk
            .iter()
            .map(|p| NewWithdrawalEvent {
                id: afiliados_db::new_id(),
                withdrawal_id: p.withdrawal_id,
                action: WithdrawalEventAction::Paid.as_str(),
                actor: act.actor_label,
                notes: act.terms.notes.as_deref(),
                occurred_at: act.now,
            })
            .collect();
        afiliados_db::withdrawal_events::append(tx, &events).await?;
        let entries: Vec<NewLedgerEntry<'_>> = chunk
            .iter()
            .map(|p| NewLedgerEntry {
                id: afiliados_db::new_id(),
                tenant_id: ctx.tenant_id,
                influencer_id: p.influencer_id,
                brand_id: p.brand_id,
                entry_type: p.entry.entry_type.as_str(),
                amount: p.entry.amount.amount(),
                d_estimated: p.entry.deltas.estimated.amount(),
                d_confirmed: p.entry.deltas.confirmed.amount(),
                d_reverted: p.entry.deltas.reverted.amount(),
                d_pending_withdrawal: p.entry.deltas.pending_withdrawal.amount(),
                d_withdrawn: p.entry.deltas.withdrawn.amount(),
                d_pending_adjustments: p.entry.deltas.pending_adjustments.amount(),
                available_after: p.entry.available_after.amount(),
                commission_id: None,
                adjustment_id: None,
                withdrawal_id: Some(p.withdrawal_id),
                payment_id: Some(p.id),
                description: &p.description,
                created_by: act.actor_label,
                created_at: act.now,
            })
            .collect();
        let seqs = afiliados_db::ledger::append_many(tx, &entries).await?;
        for (p, seq) in chunk.iter().zip(seqs) {
            let key = (p.influencer_id, p.brand_id);
            if last.insert(key, (p.after, seq)).is_none() {
                order.push(key);
            }
        }
        let emails: Vec<QueuedEmail<'_>> = chunk
            .iter()
            .map(|p| QueuedEmail {
                recipient: &p.payee.email,
                recipient_user_id: p.payee.user_id,
                locale: &p.payee.locale,
                message: p.email.clone(),
            })
            .collect();
        queue_many(tx, ctx.tenant_id, &emails).await?;
    }
    for keys in order.chunks(CHUNK) {
        let rows: Vec<BalanceAfter> = keys
            .iter()
            .filter_map(|key| last.get(key).map(|&(after, seq)| (key, after, seq)))
            .map(|(&(influencer_id, brand_id), after, seq)| BalanceAfter {
                influencer_id,
                brand_id,
                buckets: stored_buckets(&after),
                available: after.available().amount(),
                seq,
            })
            .collect();
        let changed = afiliados_db::influencer_balance::store_many(tx, &rows, act.now).await?;
        if changed != rows.len() {
            return Err(UseCaseError::internal("a paid balance row is missing"));
        }
    }
    Ok(())
}

/// The approved amount of a stored withdrawal.
pub fn approved_amount(row: &WithdrawalRow) -> Result<Money, UseCaseError> {
    Money::from_decimal(row.amount)
        .map_err(|_| UseCaseError::internal("stored withdrawal amount with more than two decimals"))
}
