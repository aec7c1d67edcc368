//! `POST /payments/withdrawals` (`domain.md` §5.14.1, §4.7; `api.md` §11): an influencer asks
//! for money out of one brand balance, or finance/admin ask on its behalf. In the caller's one
//! transaction: the checks, the balance row locked `FOR UPDATE` so concurrent requests are
//! serialised and never overdraw, the `pending` row, the `withdrawal_reserved` ledger entry, the
//! `requested` event, the notices and the audit row.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::payments::{CreateWithdrawalRequest, WithdrawalEvent, WithdrawalResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brand_withdrawal_policies::{BrandRef, WithdrawalPolicyRow};
use afiliados_db::brands::Brand;
use afiliados_db::influencers::Influencer;
use afiliados_db::withdrawal_requests::NewWithdrawalRequest;
use afiliados_domain::commission::LedgerMovement;
use afiliados_domain::{
    AccessDenied, Actor, FieldCode, InfluencerStatus, Money, Role, WithdrawalEventAction,
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::representation::{Registered, can_download, can_preview, registered};
use super::{ON_BEHALF, notices};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::ledger::post::{Movement, MovementRefs, movement_after, post_movement};
use crate::usecases::orders::ledger::{BalanceKey, lock};
use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The longest `notes`.
const NOTES_MAX: usize = 500;

/// Reads the body field by field, so each problem names its field: an amount with three
/// decimals is `amount`/`invalid_amount` (`api.md` §0.2), not a generic type error.
pub fn parse(body: &Value) -> Result<CreateWithdrawalRequest, UseCaseError> {
    let Some(object) = body.as_object() else {
        return Err(UseCaseError::invalid("body", FieldCode::InvalidType));
    };
    let mut problems = Problems::new();
    let brand_id = match object.get("brandId") {
        None | Some(Value::Null) => {
            problems.push("brandId", FieldCode::Required);
            None
        }
        Some(Value::String(text)) if text.trim().is_empty() => {
            problems.push("brandId", FieldCode::Required);
            None
        }
        Some(Value::String(text)) => Some(text.trim().to_owned()),
        Some(_) => {
            problems.push("brandId", FieldCode::InvalidType);
            None
        }
    };
    let amount = match object.get("amount") {
        None | Some(Value::Null) => {
            problems.push("amount", FieldCode::Required);
            None
        }
        Some(raw) => match serde_json::from_value::<Money>(raw.clone()) {
            Ok(amount) if amount.amount() > rust_decimal::Decimal::ZERO => Some(amount),
            _ => {
                problems.push("amount", FieldCode::InvalidAmount);
                None
            }
        },
    };
    let notes = match object.get("notes") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.trim().is_empty() => None,
        Some(Value::String(text)) if text.trim().chars().count() > NOTES_MAX => {
            problems.push("notes", FieldCode::TooLong);
            None
        }
        Some(Value::String(text)) => Some(text.trim().to_owned()),
        Some(_) => {
            problems.push("notes", FieldCode::InvalidType);
            None
        }
    };
    let influencer_id = match object.get("influencerId") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => match Uuid::parse_str(text.trim()) {
            Ok(id) => Some(id.into()),
            Err(_) => {
                problems.push("influencerId", FieldCode::InvalidFormat);
                None
            }
        },
        Some(_) => {
            problems.push("influencerId", FieldCode::InvalidType);
            None
        }
    };
    problems.finish()?;
    let (Some(brand_id), Some(amount)) = (brand_id, amount) else {
        return Err(UseCaseError::internal("validated withdrawal input missing"));
    };
    Ok(CreateWithdrawalRequest {
        brand_id,
        amount,
        notes,
        influencer_id,
    })
}

/// Who may request at all: an influencer (its own) and finance or admin (on behalf); a gestor,
/// an admin_marca or an auditor is 403 before the body is read.
pub fn allowed(actor: &Actor) -> Result<(), UseCaseError> {
    if actor.has_any(&ON_BEHALF) || actor.has_any(&[Role::Influencer]) {
        Ok(())
    } else {
        Err(AccessDenied.into())
    }
}

/// The influencer the money belongs to: the caller's own profile, or `influencerId` for
/// finance and admin (required for them). Anyone else is refused.
async fn whose(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateWithdrawalRequest,
) -> Result<Influencer, UseCaseError> {
    if actor.has_any(&ON_BEHALF) {
        let Some(id) = request.influencer_id else {
            return Err(UseCaseError::invalid("influencerId", FieldCode::Required));
        };
        return afiliados_db::influencers::find(conn, ctx.tenant_id, id.into())
            .await?
            .ok_or(UseCaseError::NotFound);
    }
    if actor.has_any(&[Role::Influencer]) {
        // `influencerId` is ignored for influencers: their own profile, always.
        return afiliados_db::influencers::find_by_user(conn, actor.user_id)
            .await?
            .filter(|person| person.tenant_id == ctx.tenant_id)
            .ok_or(UseCaseError::NotFound);
    }
    Err(AccessDenied.into())
}

/// The brand by id or slug, with its withdrawal policy.
async fn brand(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    raw: &str,
) -> Result<(Brand, Option<WithdrawalPolicyRow>), UseCaseError> {
    let reference = match Uuid::parse_str(raw) {
        Ok(id) => BrandRef::Id(id),
        Err(_) => BrandRef::Slug(raw),
    };
    afiliados_db::brand_withdrawal_policies::brand_with_policy(conn, ctx.tenant_id, reference)
        .await?
        .ok_or(UseCaseError::NotFound)
}

/// The tax profiles behind the answer's withholding preview, when the caller sees one.
async fn preview_book(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<Option<ProfileBook>, UseCaseError> {
    if can_preview(actor) {
        Ok(Some(ProfileBook::load(conn, ctx).await?))
    } else {
        Ok(None)
    }
}

/// The policy versions the influencer's user has not accepted (none without a user) and the
/// locale of its e-mails (Spanish without one), in one statement.
async fn standing(
    conn: &AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer: &Influencer,
) -> Result<(Vec<Uuid>, String), UseCaseError> {
    let Some(user_id) = influencer.user_id else {
        return Ok((Vec::new(), notices::DEFAULT_LOCALE.to_owned()));
    };
    let standing = afiliados_db::user_standing::of_user(conn, ctx.tenant_id, user_id).await?;
    let locale = standing
        .locale
        .unwrap_or_else(|| notices::DEFAULT_LOCALE.to_owned());
    Ok((standing.pending_policy_version_ids, locale))
}

/// Two decimals as text, as `details` and `params` show money.
pub fn as_text(value: rust_decimal::Decimal) -> String {
    format!("{:.2}", value.round_dp(2))
}

/// Registers the request; answers the new `pending` withdrawal.
///
/// Three round trips inside the transaction (ADR 0082, ADR 0083): the reads, then the checks'
/// reads with the balance lock, then every write (the row with its event, the ledger entry and
/// balance, the notices and the audit row), each group pipelined.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn request(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    body: &CreateWithdrawalRequest,
) -> Result<WithdrawalResponse, UseCaseError> {
    let conn: &AsyncPgConnection = tx;
    let (influencer, (brand, policy), book) = crate::pipelined!(
        whose(conn, ctx, actor, body),
        brand(conn, ctx, &body.brand_id),
        preview_book(conn, ctx, actor),
    )?;
    if influencer.status != InfluencerStatus::Approved {
        return Err(UseCaseError::conflict(ErrorCode::InfluencerNotApproved));
    }
    let currency = policy.as_ref().map_or_else(
        || "COP".to_owned(),
        |policy| policy.currency.trim().to_owned(),
    );
    let key = BalanceKey {
        influencer_id: influencer.id,
        brand_id: brand.id,
        currency: &currency,
    };
    // The row lock serialises every request on this balance (§5.14.6 example 2): the check
    // below and the reservation happen under it. It leaves with the consent check and the
    // e-mail's locale; a request those refuse rolls back, lock and all.
    let ((pending, locale), balance) =
        crate::pipelined!(standing(conn, ctx, &influencer), lock(conn, ctx, key))?;
    // An influencer signing in with pending consents is stopped at the door; staff acting on
    // its behalf must be stopped here (§5.14.1 step 1).
    if !pending.is_empty() {
        return Err(UseCaseError::Forbidden {
            code: ErrorCode::ConsentRequired,
            details: vec![json!({ "policyVersionIds": pending })],
        });
    }
    let minimum = policy
        .as_ref()
        .map_or(rust_decimal::Decimal::ZERO, |policy| policy.minimum_amount);
    if body.amount.amount() < minimum {
        let mut problems = Problems::new();
        problems.push_with(
            "amount",
            FieldCode::BelowMinimum,
            json!({ "minimum": as_text(minimum) }),
        );
        problems.finish()?;
    }
    let available = balance.available();
    if body.amount > available {
        return Err(UseCaseError::conflict_with(
            ErrorCode::WithdrawalExceedsAvailable,
            json!({ "available": as_text(available.amount()) }),
        ));
    }
    let now = ctx.now();
    let id = afiliados_db::new_id();
    let label = actor.user_id.to_string();
    let new_row = NewWithdrawalRequest {
        id,
        tenant_id: ctx.tenant_id,
        influencer_id: influencer.id,
        brand_id: brand.id,
        amount: body.amount.amount(),
        currency: &currency,
        requested_by: actor.user_id,
        requested_at: now,
        notes: body.notes.as_deref(),
        created_at: now,
        updated_at: now,
    };
    let movement = Movement {
        movement: LedgerMovement::WithdrawalReserved,
        amount: body.amount,
        refs: MovementRefs {
            withdrawal_id: Some(id),
            ..MovementRefs::default()
        },
        description: "withdrawal requested",
        actor: &label,
    };
    let after = movement_after(&balance, &movement)?;
    let snapshot = json!({
        "status": "pending",
        "influencerId": influencer.id,
        "brandId": brand.id,
        "amount": as_text(body.amount.amount()),
        "availableAfter": as_text(after.available().amount()),
        "onBehalf": influencer.user_id != Some(actor.user_id),
    });
    let audit_event =
        AuditEvent::new("withdrawal.requested", "withdrawal", id).changes(None, Some(snapshot));
    let audit_actor = AuditActor::User(actor);
    let notice = notices::Requested {
        influencer: &influencer,
        locale: &locale,
        brand_name: &brand.name,
        amount: body.amount.amount(),
        withdrawal_id: id,
        requested_at: now,
    };
    // One group although the ledger entry refers to the row: the ledger's reference to its
    // withdrawal is checked at commit (DEFERRABLE INITIALLY DEFERRED), so the order in which
    // the server runs these statements does not matter (ADR 0083). The row's `requested`
    // event leaves in the row's own statement.
    let (row, _, _, _) = crate::pipelined!(
        async {
            Ok(afiliados_db::withdrawal_requests::insert_requested(
                conn,
                &new_row,
                afiliados_db::new_id(),
                &label,
            )
            .await?)
        },
        post_movement(conn, ctx, key, &balance, &movement, now),
        notices::requested(conn, ctx, notice),
        async { Ok(audit::record(conn, ctx.tenant_id, &audit_actor, audit_event).await?) },
    )?;
    // The event's instant is the row's `requested_at` as stored (microseconds), so the answer
    // equals what a later read of the request shows.
    let requested_at = row.requested_at;
    let event = WithdrawalEvent {
        action: WithdrawalEventAction::Requested,
        actor: label,
        notes: body.notes.clone(),
        occurred_at: requested_at,
    };
    registered(
        Registered {
            row,
            influencer: &influencer,
            brand_name: &brand.name,
            requester_email: &actor.email,
            event,
        },
        can_download(actor),
        book.as_ref(),
    )
}
