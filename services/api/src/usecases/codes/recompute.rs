//! Recomputing derived code statuses (`domain.md` §4.4, §5.5.2) after any of their inputs
//! changed — an influencer's status, a campaign's status or dates, a membership, the daily tick —
//! and queuing `SyncCoupon` for every code whose desired VTEX state must be pushed again.

use afiliados_db::AsyncPgConnection;
use afiliados_db::discount_codes::{self, CodeSelection, CodeWithContext};
use afiliados_db::status_history::StatusChange;
use afiliados_domain::{CodeStatus, CodeStatusInputs, derive_code_status};
use afiliados_email_messages::CodeActivated;
use afiliados_jobs::SyncCoupon;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// When a sync is queued for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPolicy {
    /// Only codes whose derived status changed.
    WhenChanged,
    /// Every selected code (an influencer's status change re-syncs all its codes).
    Always,
}

/// What a recomputation did to one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recomputed {
    /// The code.
    pub code_id: Uuid,
    /// Status before.
    pub from: String,
    /// Status now.
    pub to: CodeStatus,
    /// A `SyncCoupon` job was queued.
    pub sync_queued: bool,
}

/// The derived status of a code from its loaded context.
pub fn status_of(row: &CodeWithContext, today: NaiveDate) -> CodeStatus {
    let inputs = CodeStatusInputs {
        enabled: row.code.enabled,
        membership: row.membership_status,
        influencer: row.influencer_status,
        campaign: row.campaign_status,
        campaign_start: row.campaign_start,
        campaign_end: row.campaign_end,
        starts_on: row.code.starts_on,
        ends_on: row.code.ends_on,
        max_uses: row.code.max_uses,
        usage_count: row.code.usage_count,
        today,
    };
    derive_code_status(&inputs)
}

/// Recomputes the selected codes inside the caller's transaction: stores changed statuses (with a
/// `status_history` row per change), bumps `sync_revision` and writes one `SyncCoupon` job per
/// code the policy selects. `actor` is recorded in the history (an email or `system:<job>`).
#[tracing::instrument(skip_all, fields(tenant.id = %tenant_id, selection = ?selection))]
pub async fn recompute(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    selection: CodeSelection,
    policy: SyncPolicy,
    today: NaiveDate,
    actor: &str,
) -> Result<Vec<Recomputed>, UseCaseError> {
    let rows = discount_codes::with_context(tx, tenant_id, selection).await?;
    let mut results = Vec::with_capacity(rows.len());
    for row in rows {
        let status = status_of(&row, today);
        let changed = status != row.code.status;
        let sync = changed || policy == SyncPolicy::Always;
        if sync {
            discount_codes::set_status_and_bump(tx, row.code.id, status.as_str()).await?;
            queue_sync(tx, row.code.id).await?;
        }
        if changed && status == CodeStatus::Active {
            announce_activation(tx, tenant_id, &row).await?;
        }
        if changed {
            afiliados_db::status_history::record(
                tx,
                StatusChange {
                    tenant_id,
                    entity_type: "discount_code",
                    entity_id: row.code.id,
                    from: Some(row.code.status.as_str()),
                    to: status.as_str(),
                    reason: None,
                    actor,
                },
            )
            .await?;
        }
        results.push(Recomputed {
            code_id: row.code.id,
            from: row.code.status.to_string(),
            to: status,
            sync_queued: sync,
        });
    }
    Ok(results)
}

/// A code became active: in-app `code.activated` and the `code_activated` e-mail to its
/// influencer (`domain.md` §5.17). Nothing to tell after anonymisation (no user).
async fn announce_activation(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    row: &CodeWithContext,
) -> Result<(), UseCaseError> {
    let Some(notice) = discount_codes::activation_notice(tx, row.code.id).await? else {
        return Ok(());
    };
    let (Some(user_id), Some(email)) = (notice.user_id, notice.email.as_deref()) else {
        return Ok(());
    };
    let percent = format!("{:.2}", row.code.discount_percent);
    let details = serde_json::json!({
        "codeId": row.code.id,
        "code": row.code.code,
        "campaignId": row.code.campaign_id,
        "campaignName": notice.campaign_name,
        "discountPercent": percent,
    });
    afiliados_db::notifications::insert(tx, tenant_id, user_id, "code.activated", "info", &details)
        .await?;
    let message = CodeActivated {
        first_name: notice.first_name,
        code: row.code.code.clone(),
        campaign_name: notice.campaign_name,
        brand_name: notice.brand_name,
        discount_percent: row.code.discount_percent,
    };
    crate::usecases::emails::queue(
        tx,
        tenant_id,
        crate::usecases::emails::QueuedEmail {
            recipient: email,
            recipient_user_id: Some(user_id),
            locale: notice.locale.map_or("es", |locale| locale.as_str()),
            message: message.into(),
        },
    )
    .await?;
    Ok(())
}

/// Writes a `SyncCoupon` job for `code_id` into the job outbox (pushed after commit).
pub async fn queue_sync(tx: &mut AsyncPgConnection, code_id: Uuid) -> Result<(), UseCaseError> {
    crate::jobs::enqueue(tx, &SyncCoupon { code_id }).await?;
    Ok(())
}
