//! The rules a payment passes (`domain.md` §5.14.3, §2.4): the body's own fields first (422 for
//! every problem at once), then, on the locked withdrawal and balance, status, hold period,
//! amount match, dual control, a non-negative balance and a payment date not before the
//! request. A batch pay runs the same checks for each withdrawal and lists the refusals.

use afiliados_api_types::ErrorCode;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::business_date::bogota_date;
use afiliados_domain::commission::Buckets;
use afiliados_domain::{Actor, FieldCode, Money, PaymentMethod, WithdrawalStatus};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::method;
use crate::usecases::list_query::stored;
use crate::usecases::{Problems, UseCaseError};

/// Longest reference and notes.
const REFERENCE_MIN: usize = 3;
const REFERENCE_MAX: usize = 100;
const NOTES_MAX: usize = 500;

/// The validated fields of a pay request (one withdrawal or a whole batch).
#[derive(Debug, Clone)]
pub struct PayTerms {
    /// The value date (Bogotá), not in the future.
    pub payment_date: NaiveDate,
    /// The method.
    pub method: PaymentMethod,
    /// 3–100 characters (a batch's own reference; each payment adds its `/AFI-…`).
    pub reference: String,
    /// ≤ 500 characters.
    pub notes: Option<String>,
}

/// Checks the fields every pay request shares; `today` is the Bogotá date.
pub fn terms(
    payment_date: NaiveDate,
    raw_method: &str,
    raw_reference: &str,
    raw_notes: Option<&str>,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<PayTerms> {
    if payment_date > today {
        problems.push("paymentDate", FieldCode::InFuture);
    }
    let method = if raw_method.trim().is_empty() {
        problems.push("method", FieldCode::Required);
        None
    } else {
        let parsed = method::parse(raw_method);
        if parsed.is_none() {
            problems.push("method", FieldCode::InvalidEnum);
        }
        parsed
    };
    let reference = raw_reference.trim();
    match reference.chars().count() {
        0 => problems.push("reference", FieldCode::Required),
        n if n < REFERENCE_MIN => problems.push("reference", FieldCode::TooShort),
        n if n > REFERENCE_MAX => problems.push("reference", FieldCode::TooLong),
        _ => {}
    }
    let notes = raw_notes.map(str::trim).filter(|n| !n.is_empty());
    if notes.is_some_and(|n| n.chars().count() > NOTES_MAX) {
        problems.push("notes", FieldCode::TooLong);
    }
    Some(PayTerms {
        payment_date,
        method: method?,
        reference: reference.to_owned(),
        notes: notes.map(str::to_owned),
    })
}

/// Why one withdrawal cannot be paid now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Still `pending` (409 `withdrawal_not_approved`).
    NotApproved,
    /// `rejected` or `paid` (409 `withdrawal_already_decided`).
    AlreadyDecided,
    /// In an exported batch: paid with the batch only (409 `withdrawal_in_batch`).
    InBatch,
    /// Before its payable date (409 `withdrawal_on_hold`).
    OnHold(DateTime<Utc>),
    /// The amount is more than 0.01 away from the approved one (422 `payment_amount_mismatch`).
    AmountMismatch(Money),
    /// Above the threshold and the payer approved it (403 `dual_control_required`).
    DualControl(Money),
    /// The brand balance's available is negative (409 `balance_negative`).
    BalanceNegative(Money),
    /// The payment date is before the request's date (422 `date_order` on `paymentDate`).
    DateBeforeRequest(NaiveDate),
}

impl Refusal {
    /// The code a batch pay lists next to the withdrawal.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotApproved => ErrorCode::WithdrawalNotApproved.as_str(),
            Refusal::AlreadyDecided => ErrorCode::WithdrawalAlreadyDecided.as_str(),
            Refusal::InBatch => ErrorCode::WithdrawalInBatch.as_str(),
            Refusal::OnHold(_) => ErrorCode::WithdrawalOnHold.as_str(),
            Refusal::AmountMismatch(_) => FieldCode::PaymentAmountMismatch.as_str(),
            Refusal::DualControl(_) => ErrorCode::DualControlRequired.as_str(),
            Refusal::BalanceNegative(_) => ErrorCode::BalanceNegative.as_str(),
            Refusal::DateBeforeRequest(_) => FieldCode::DateOrder.as_str(),
        }
    }

    /// The facts a client can act on (`payableFrom`, `approvedAmount`, …).
    pub fn facts(&self) -> Value {
        match self {
            Refusal::OnHold(at) => json!({ "payableFrom": at }),
            Refusal::AmountMismatch(approved) => json!({ "approvedAmount": approved }),
            Refusal::DualControl(threshold) => json!({ "threshold": threshold }),
            Refusal::BalanceNegative(available) => json!({ "available": available }),
            Refusal::DateBeforeRequest(date) => json!({ "requestDate": date }),
            Refusal::NotApproved | Refusal::AlreadyDecided | Refusal::InBatch => json!({}),
        }
    }

    /// The answer of a single pay refused this way.
    pub fn into_error(self) -> UseCaseError {
        let facts = self.facts();
        match self {
            Refusal::NotApproved => UseCaseError::conflict(ErrorCode::WithdrawalNotApproved),
            Refusal::AlreadyDecided => UseCaseError::conflict(ErrorCode::WithdrawalAlreadyDecided),
            Refusal::InBatch => UseCaseError::conflict(ErrorCode::WithdrawalInBatch),
            Refusal::OnHold(_) => UseCaseError::conflict_with(ErrorCode::WithdrawalOnHold, facts),
            Refusal::BalanceNegative(_) => {
                UseCaseError::conflict_with(ErrorCode::BalanceNegative, facts)
            }
            Refusal::DualControl(_) => UseCaseError::Forbidden {
                code: ErrorCode::DualControlRequired,
                details: vec![facts],
            },
            Refusal::AmountMismatch(_) => {
                let mut problems = Problems::new();
                problems.push_with("amount", FieldCode::PaymentAmountMismatch, facts);
                UseCaseError::Invalid(problems)
            }
            Refusal::DateBeforeRequest(_) => {
                let mut problems = Problems::new();
                problems.push_with("paymentDate", FieldCode::DateOrder, facts);
                UseCaseError::Invalid(problems)
            }
        }
    }
}

/// What a check needs besides the withdrawal.
#[derive(Debug, Clone, Copy)]
pub struct Situation<'a> {
    /// Who pays.
    pub payer: &'a Actor,
    /// The locked brand balance.
    pub balance: &'a Buckets,
    /// `PAYMENTS_DUAL_CONTROL_THRESHOLD`.
    pub threshold: Money,
    /// Now.
    pub now: DateTime<Utc>,
    /// The batch paying it (`None` for a single pay).
    pub batch_id: Option<uuid::Uuid>,
}

/// The first rule `row` breaks, if any. `amount` is the amount a single pay names (a batch pays
/// the approved amounts and passes `None`).
pub fn check(
    row: &WithdrawalRow,
    amount: Option<Money>,
    terms: &PayTerms,
    situation: Situation<'_>,
) -> Result<Result<(), Refusal>, UseCaseError> {
    let status = stored(&row.status, WithdrawalStatus::parse)?;
    let approved = Money::from_decimal(row.amount).map_err(|_| {
        UseCaseError::internal("stored withdrawal amount with more than two decimals")
    })?;
    let refusal = match status {
        WithdrawalStatus::Pending => Some(Refusal::NotApproved),
        WithdrawalStatus::Rejected | WithdrawalStatus::Paid => Some(Refusal::AlreadyDecided),
        WithdrawalStatus::Approved => None,
    };
    if let Some(refusal) = refusal {
        return Ok(Err(refusal));
    }
    if row.batch_id.is_some() && row.batch_id != situation.batch_id {
        return Ok(Err(Refusal::InBatch));
    }
    let payable_from = row
        .payable_from
        .ok_or_else(|| UseCaseError::internal("approved withdrawal without payable_from"))?;
    if situation.now < payable_from {
        return Ok(Err(Refusal::OnHold(payable_from)));
    }
    if let Some(amount) = amount
        && (amount.amount() - approved.amount()).abs() > Decimal::new(1, 2)
    {
        return Ok(Err(Refusal::AmountMismatch(approved)));
    }
    if approved.amount() > situation.threshold.amount()
        && row.decided_by == Some(situation.payer.user_id)
    {
        return Ok(Err(Refusal::DualControl(situation.threshold)));
    }
    let available = situation.balance.available();
    if available.is_negative() {
        return Ok(Err(Refusal::BalanceNegative(available)));
    }
    let requested_on = bogota_date(row.requested_at);
    if terms.payment_date < requested_on {
        return Ok(Err(Refusal::DateBeforeRequest(requested_on)));
    }
    Ok(Ok(()))
}
