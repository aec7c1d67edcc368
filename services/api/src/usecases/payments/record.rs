//! The writes of one payment on a withdrawal that passed [`super::rules::check`], with its balance
//! and row already locked (balance first): the payment row with its withholding snapshot, the
//! ledger `payment` for the gross, the withdrawal `paid`, its `paid` event and the
//! `withdrawal_paid` e-mail with gross, withheld and net. One pay and a batch pay both write
//! through here, so the two can never disagree.

use afiliados_db::AsyncPgConnection;
use afiliados_db::payments::NewPayment;
use afiliados_db::withdrawal_events::NewWithdrawalEvent;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::commission::{Buckets, LedgerMovement};
use afiliados_domain::withholding::Withholding;
use afiliados_domain::{Money, WithdrawalEventAction};
use afiliados_email_messages::WithdrawalPaid;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::rules::PayTerms;
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::ledger::post::{Movement, MovementRefs, post_movement};
use crate::usecases::orders::ledger::BalanceKey;
use crate::usecases::{UseCaseContext, UseCaseError};

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
    /// The influencer's greeting, address and locale (Spanish when it has no account).
    pub async fn load(
        conn: &mut AsyncPgConnection,
        ctx: &UseCaseContext<'_>,
        influencer: &afiliados_db::influencers::Influencer,
    ) -> Result<Payee, UseCaseError> {
        let locale = match influencer.user_id {
            Some(user_id) => afiliados_db::users::find(conn, ctx.tenant_id, user_id)
                .await?
                .map(|user| user.locale.as_str().to_owned()),
            None => None,
        }
        .unwrap_or_else(|| "es".to_owned());
        Ok(Payee {
            first_name: influencer.first_name.clone(),
            email: influencer.email.clone(),
            user_id: influencer.user_id,
            locale,
        })
    }
}

/// One payment to write.
#[derive(Debug, Clone, Copy)]
pub struct PaymentToWrite<'a> {
    /// The locked, approved withdrawal.
    pub row: &'a WithdrawalRow,
    /// Its locked balance.
    pub balance: &'a Buckets,
    /// The request's fields.
    pub terms: &'a PayTerms,
    /// The reference stored on this payment.
    pub reference: &'a str,
    /// Gross, rate, withheld, net.
    pub withholding: Withholding,
    /// The profile applied (snapshot).
    pub profile_code: Option<&'a str>,
    /// The batch paying it.
    pub batch_id: Option<Uuid>,
    /// Who pays (user id as text, for events and ledger entries).
    pub actor_label: &'a str,
    /// Who pays.
    pub paid_by: Uuid,
    /// The brand's name (e-mail).
    pub brand_name: &'a str,
    /// The e-mail's recipient.
    pub payee: &'a Payee,
}

/// Writes the payment and returns its id.
pub async fn write(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    payment: PaymentToWrite<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, UseCaseError> {
    let row = payment.row;
    let w = payment.withholding;
    let id = afiliados_db::new_id();
    afiliados_db::payments::insert(
        tx,
        &[NewPayment {
            id,
            tenant_id: ctx.tenant_id,
            withdrawal_id: row.id,
            influencer_id: row.influencer_id,
            brand_id: row.brand_id,
            gross_amount: w.gross.amount(),
            withholding_rate: w.rate.value(),
            tax_withheld: w.withheld.amount(),
            net_amount: w.net.amount(),
            tax_profile_code: payment.profile_code,
            currency: &row.currency,
            method: payment.terms.method.as_str(),
            reference: payment.reference,
            payment_date: payment.terms.payment_date,
            paid_by: payment.paid_by,
            batch_id: payment.batch_id,
            notes: payment.terms.notes.as_deref(),
            created_at: now,
            updated_at: now,
        }],
    )
    .await?;
    afiliados_db::withdrawal_requests::mark_paid(tx, row.id, id, now).await?;
    afiliados_db::withdrawal_events::append(
        tx,
        &[NewWithdrawalEvent {
            id: afiliados_db::new_id(),
            withdrawal_id: row.id,
            action: WithdrawalEventAction::Paid.as_str(),
            actor: payment.actor_label,
            notes: payment.terms.notes.as_deref(),
            occurred_at: now,
        }],
    )
    .await?;
    let description = format!("payment {} of withdrawal {}", payment.reference, row.id);
    post_movement(
        tx,
        ctx,
        BalanceKey {
            influencer_id: row.influencer_id,
            brand_id: row.brand_id,
            currency: &row.currency,
        },
        payment.balance,
        &Movement {
            movement: LedgerMovement::Payment,
            amount: w.gross,
            refs: MovementRefs {
                withdrawal_id: Some(row.id),
                payment_id: Some(id),
                ..MovementRefs::default()
            },
            description: &description,
            actor: payment.actor_label,
        },
        now,
    )
    .await?;
    let payee = payment.payee;
    queue(
        tx,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &payee.email,
            recipient_user_id: payee.user_id,
            locale: &payee.locale,
            message: WithdrawalPaid {
                first_name: payee.first_name.clone(),
                brand_name: payment.brand_name.to_owned(),
                gross: w.gross.amount(),
                withholding_rate: w.rate.value(),
                withheld: w.withheld.amount(),
                net: w.net.amount(),
                payment_date: payment.terms.payment_date,
                reference: payment.reference.to_owned(),
                link: format!(
                    "{}/payments",
                    ctx.settings.web_public_url.trim_end_matches('/')
                ),
            }
            .into(),
        },
    )
    .await?;
    Ok(id)
}

/// The approved amount of a stored withdrawal.
pub fn approved_amount(row: &WithdrawalRow) -> Result<Money, UseCaseError> {
    Money::from_decimal(row.amount)
        .map_err(|_| UseCaseError::internal("stored withdrawal amount with more than two decimals"))
}
