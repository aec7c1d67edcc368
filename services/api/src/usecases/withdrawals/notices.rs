//! Who is told about a withdrawal (`domain.md` §5.17), in the caller's transaction (the outbox):
//! on a request the influencer (in-app and `withdrawal_requested`) and every finance user
//! (in-app, so someone decides it); on a decision the influencer (in-app and
//! `withdrawal_approved` / `withdrawal_rejected`).

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_domain::Role;
use afiliados_email_messages::{
    EmailMessage, WithdrawalApproved, WithdrawalRejected, WithdrawalRequested,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use super::request::as_text;
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{UseCaseContext, UseCaseError};

fn link(ctx: &UseCaseContext<'_>) -> String {
    format!(
        "{}/retiros",
        ctx.settings.web_public_url.trim_end_matches('/')
    )
}

/// A request just registered, as its notices tell it.
pub struct Requested<'a> {
    /// Whose money.
    pub influencer: &'a Influencer,
    /// The influencer's e-mail locale (its user's, [`DEFAULT_LOCALE`] without one).
    pub locale: &'a str,
    /// The brand's name.
    pub brand_name: &'a str,
    /// Amount asked.
    pub amount: Decimal,
    /// The new request.
    pub withdrawal_id: Uuid,
    /// When.
    pub requested_at: DateTime<Utc>,
}

/// A request was registered: the in-app notices (every finance user of the tenant and the
/// influencer) and the e-mail, their two statements pipelined (ADR 0082).
pub async fn requested(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    notice: Requested<'_>,
) -> Result<(), UseCaseError> {
    let Requested {
        influencer,
        locale,
        brand_name,
        amount,
        withdrawal_id,
        requested_at,
    } = notice;
    let payload = json!({
        "withdrawalId": withdrawal_id,
        "influencerId": influencer.id,
        "influencerName": format!("{} {}", influencer.first_name, influencer.last_name),
        "brandName": brand_name,
        "amount": as_text(amount),
    });
    let also: Vec<Uuid> = influencer.user_id.into_iter().collect();
    let message = WithdrawalRequested {
        first_name: influencer.first_name.clone(),
        brand_name: brand_name.to_owned(),
        amount,
        requested_at,
        link: link(ctx),
    };
    crate::pipelined!(
        async {
            afiliados_db::notifications::insert_for_role_and(
                conn,
                ctx.tenant_id,
                Role::Finance.as_str(),
                &also,
                "withdrawal.requested",
                "info",
                &payload,
            )
            .await?;
            Ok(())
        },
        queue_to(conn, ctx, influencer, locale, message.into()),
    )?;
    Ok(())
}

/// What a decision tells the influencer.
pub enum Decision<'a> {
    /// Approved, payable from this instant.
    Approved(DateTime<Utc>),
    /// Rejected for this reason.
    Rejected(&'a str),
}

/// A request was approved or rejected.
pub async fn decided(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer: &Influencer,
    brand_name: &str,
    amount: Decimal,
    withdrawal_id: Uuid,
    decision: Decision<'_>,
) -> Result<(), UseCaseError> {
    let (kind, payload, message): (&str, Value, EmailMessage) = match decision {
        Decision::Approved(payable_from) => (
            "withdrawal.approved",
            json!({
                "withdrawalId": withdrawal_id,
                "brandName": brand_name,
                "amount": as_text(amount),
                "payableFrom": payable_from,
            }),
            WithdrawalApproved {
                first_name: influencer.first_name.clone(),
                brand_name: brand_name.to_owned(),
                amount,
                payable_from,
                link: link(ctx),
            }
            .into(),
        ),
        Decision::Rejected(reason) => (
            "withdrawal.rejected",
            json!({
                "withdrawalId": withdrawal_id,
                "brandName": brand_name,
                "amount": as_text(amount),
                "reason": reason,
            }),
            WithdrawalRejected {
                first_name: influencer.first_name.clone(),
                brand_name: brand_name.to_owned(),
                amount,
                reason: reason.to_owned(),
                link: link(ctx),
            }
            .into(),
        ),
    };
    let users: Vec<Uuid> = influencer.user_id.into_iter().collect();
    notify(tx, ctx, &users, kind, &payload).await?;
    email(tx, ctx, influencer, message).await
}

/// One in-app notification per user (a user listed twice is told once).
async fn notify(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    users: &[Uuid],
    kind: &str,
    payload: &Value,
) -> Result<(), UseCaseError> {
    let mut told: Vec<Uuid> = Vec::new();
    for user in users {
        if !told.contains(user) {
            told.push(*user);
        }
    }
    afiliados_db::notifications::insert_many(tx, ctx.tenant_id, &told, kind, "info", payload)
        .await?;
    Ok(())
}

/// The locale of an e-mail to an influencer without a user (or whose user is gone).
pub const DEFAULT_LOCALE: &str = "es";

/// The locale of the influencer's e-mails: its user's, Spanish without one.
async fn recipient_locale(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    person: &Influencer,
) -> Result<String, UseCaseError> {
    Ok(match person.user_id {
        Some(user_id) => afiliados_db::users::find(conn, ctx.tenant_id, user_id)
            .await?
            .map(|user| user.locale.as_str().to_owned()),
        None => None,
    }
    .unwrap_or_else(|| DEFAULT_LOCALE.to_owned()))
}

/// Queues `message` to the influencer's address, in their user's locale (Spanish without one).
async fn email(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    person: &Influencer,
    message: EmailMessage,
) -> Result<(), UseCaseError> {
    let locale = recipient_locale(tx, ctx, person).await?;
    queue_to(tx, ctx, person, &locale, message).await
}

/// Queues `message` to the influencer's address in `locale`.
async fn queue_to(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    person: &Influencer,
    locale: &str,
    message: EmailMessage,
) -> Result<(), UseCaseError> {
    queue(
        conn,
        ctx.tenant_id,
        QueuedEmail {
            recipient: &person.email,
            recipient_user_id: person.user_id,
            locale,
            message,
        },
    )
    .await?;
    Ok(())
}
