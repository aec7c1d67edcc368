//! Completing a `delete` request (`domain.md` §4.1, §5.3.5): the person is anonymised while the
//! accounting records, consents (linked by their hash) and audit rows stay. KYC files and earlier
//! access exports are purged; the user becomes `deleted` without password, 2FA or sessions;
//! pending e-mails to the person are cancelled; codes are disabled and their coupons archived;
//! stored consent certificates (which repeat the identity) are dropped while the consents stay.
//!
//! Withdrawals do not exist on the platform yet, so the `open_withdrawals` refusal is not
//! applicable; a positive available balance must be acknowledged.

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::influencers::Influencer;
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{Actor, FieldCode};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Why the codes of an anonymised person are switched off.
pub const DISABLED_REASON: &str = "arco_deletion";

/// 422 `acknowledgePositiveBalance: required` while any brand balance is positive and the
/// resolution does not acknowledge it.
pub async fn check_balance(
    tx: &mut AsyncPgConnection,
    influencer_id: Uuid,
    acknowledged: bool,
) -> Result<(), UseCaseError> {
    let positive = afiliados_db::influencer_balance::of_influencer(tx, influencer_id)
        .await?
        .iter()
        .any(|balance| balance.available > Decimal::ZERO);
    if positive && !acknowledged {
        return Err(UseCaseError::invalid(
            "acknowledgePositiveBalance",
            FieldCode::Required,
        ));
    }
    Ok(())
}

/// Anonymises inside the caller's transaction. The stored objects are deleted last, once every
/// row change has succeeded: a failure then rolls the whole resolution back so it can be retried
/// (deleting a missing object succeeds, so a retry after a failed commit is harmless too).
pub async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    influencer: &Influencer,
) -> Result<(), UseCaseError> {
    let tenant_id = ctx.tenant_id;
    let requests: Vec<Uuid> = afiliados_db::arco_requests::for_influencer(tx, influencer.id)
        .await?
        .into_iter()
        .map(|request| request.id)
        .collect();
    let mut documents =
        afiliados_db::stored_documents::unpurged_of_owners(tx, "influencer", &[influencer.id])
            .await?;
    documents.extend(
        afiliados_db::stored_documents::unpurged_of_owners(tx, "arco_request", &requests).await?,
    );
    let ids: Vec<Uuid> = documents.iter().map(|d| d.id).collect();
    afiliados_db::stored_documents::mark_purged(tx, &ids).await?;
    afiliados_db::email_outbox::cancel_pending_to(
        tx,
        tenant_id,
        influencer.user_id,
        &influencer.email,
    )
    .await?;
    afiliados_db::arco_requests::clear_details_of(tx, influencer.id).await?;
    // Stored certificates repeat the person's identity; the consents stay, linked by their hash.
    afiliados_db::consent_certificates::delete_for_influencer(tx, influencer.id).await?;
    let anonymous = afiliados_db::influencers::anonymize(tx, influencer.id).await?;
    // A staff bank change still waiting for its second person would otherwise keep the sealed
    // new account number and could still be confirmed onto the anonymised record.
    afiliados_db::bank_account_changes::supersede(tx, influencer.id, ctx.now()).await?;
    if let Some(user_id) = influencer.user_id
        && let Some(user) = afiliados_db::users::find_for_update(tx, tenant_id, user_id).await?
    {
        afiliados_db::users::anonymize(tx, user_id, &anonymous.email).await?;
        afiliados_db::totp::delete(tx, user_id).await?;
        afiliados_db::recovery_codes::delete_all(tx, user_id).await?;
        // `revoke_reason` is a closed list: staff ended these sessions.
        afiliados_db::sessions::revoke_all_sessions(tx, user_id, None, "admin").await?;
        afiliados_db::status_history::record(
            tx,
            StatusChange {
                tenant_id,
                entity_type: "user",
                entity_id: user_id,
                from: Some(user.status.as_str()),
                to: "deleted",
                reason: Some(DISABLED_REASON),
                actor: &staff.email,
            },
        )
        .await?;
    }
    afiliados_db::discount_codes::disable_of_influencer(tx, influencer.id, DISABLED_REASON).await?;
    recompute(
        tx,
        tenant_id,
        CodeSelection::Influencer(influencer.id),
        SyncPolicy::Always,
        ctx.today(),
        &staff.email,
    )
    .await?;
    for document in &documents {
        ctx.storage
            .delete(&document.storage_key)
            .await
            .map_err(|error| UseCaseError::internal(format!("purging {}: {error}", document.id)))?;
    }
    tracing::info!(influencer.id = %influencer.id, documents = ids.len(), "influencer anonymised");
    Ok(())
}
