//! Completing a `revoke` request (`domain.md` §4.1, §4.2, §5.3.5): every live consent revoked, the
//! user suspended with its sessions revoked, the influencer suspended (`consent_revoked`) and its
//! codes recomputed so their coupons are archived in VTEX.

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::CodeSelection;
use afiliados_db::influencers::Influencer;
use afiliados_db::status_history::StatusChange;
use afiliados_db::users::UserChanges;
use afiliados_domain::influencer_status::CONSENT_REVOKED_REASON;
use afiliados_domain::{Actor, InfluencerStatus, TransitionActor, UserStatus};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::codes::recompute::{SyncPolicy, recompute};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Suspends the influencer's user (when active) and revokes every session it holds.
pub async fn block_user(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    user_id: Uuid,
    reason: &str,
) -> Result<(), UseCaseError> {
    let tenant_id = ctx.tenant_id;
    let Some(user) = afiliados_db::users::find_for_update(tx, tenant_id, user_id).await? else {
        return Ok(());
    };
    // `revoke_reason` is a closed list; an ARCO block is a suspension.
    afiliados_db::sessions::revoke_all_sessions(tx, user_id, None, "suspended").await?;
    if !user.status.can_become(UserStatus::Suspended) {
        return Ok(());
    }
    let changes = UserChanges {
        status: Some("suspended".into()),
        status_reason: Some(Some(reason.to_owned())),
        ..UserChanges::default()
    };
    afiliados_db::users::update(tx, user_id, &changes).await?;
    afiliados_db::status_history::record(
        tx,
        StatusChange {
            tenant_id,
            entity_type: "user",
            entity_id: user_id,
            from: Some(user.status.as_str()),
            to: "suspended",
            reason: Some(reason),
            actor: &staff.email,
        },
    )
    .await?;
    let event = AuditEvent::new("user.suspended", "user", user_id).changes(
        Some(json!({ "status": user.status })),
        Some(json!({ "status": "suspended", "reason": reason })),
    );
    audit::record(tx, tenant_id, &AuditActor::User(staff), event).await?;
    Ok(())
}

/// Applies the revocation inside the caller's transaction; codes are recomputed for the
/// injected today.
pub async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    influencer: &Influencer,
    arco_request_id: Uuid,
) -> Result<(), UseCaseError> {
    let tenant_id = ctx.tenant_id;
    let revoked = afiliados_db::consents::revoke_live(tx, influencer.id, arco_request_id).await?;
    for consent in &revoked {
        let event = AuditEvent::new("consent.revoked", "consent", consent.id).changes(
            Some(json!({ "revokedAt": null })),
            Some(json!({
                "influencerId": influencer.id, "policyVersionId": consent.policy_version_id,
                "revokedAt": consent.revoked_at, "arcoRequestId": arco_request_id,
            })),
        );
        audit::record(tx, tenant_id, &AuditActor::User(staff), event).await?;
    }
    if let Some(user_id) = influencer.user_id {
        block_user(tx, ctx, staff, user_id, CONSENT_REVOKED_REASON).await?;
    }
    if influencer
        .status
        .can_become_by(InfluencerStatus::Suspended, TransitionActor::System)
    {
        afiliados_db::influencers::set_status(
            tx,
            influencer.id,
            "suspended",
            Some(CONSENT_REVOKED_REASON),
        )
        .await?;
        afiliados_db::status_history::record(
            tx,
            StatusChange {
                tenant_id,
                entity_type: "influencer",
                entity_id: influencer.id,
                from: Some(influencer.status.as_str()),
                to: "suspended",
                reason: Some(CONSENT_REVOKED_REASON),
                actor: &staff.email,
            },
        )
        .await?;
        let event = AuditEvent::new("influencer.status_changed", "influencer", influencer.id)
            .changes(
                Some(json!({ "status": influencer.status })),
                Some(json!({ "status": "suspended", "reason": CONSENT_REVOKED_REASON, "arcoRequestId": arco_request_id })),
            );
        audit::record(tx, tenant_id, &AuditActor::User(staff), event).await?;
    }
    recompute(
        tx,
        tenant_id,
        CodeSelection::Influencer(influencer.id),
        SyncPolicy::Always,
        ctx.today(),
        &staff.email,
    )
    .await?;
    Ok(())
}
