//! The signed-in user's in-app notifications: a page of them in the user's locale, and marking
//! them read. Every user reaches only their own rows; another user's notification is "not found".

use afiliados_api_types::notifications::{NotificationPage, NotificationResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, Locale};
use uuid::Uuid;

use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One page of the actor's notifications, newest first, each with its text in `locale`, and the
/// actor's unread count.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    _ctx: &UseCaseContext<'_>,
    actor: &Actor,
    page: Option<u32>,
    page_size: Option<u32>,
    locale: Locale,
) -> Result<NotificationPage, UseCaseError> {
    let paging = Pagination::new(page, page_size)?;
    let (rows, total, unread) = afiliados_db::notifications::list(
        tx,
        actor.user_id,
        false,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|n| NotificationResponse {
            id: n.id.into(),
            message: crate::notification_messages::render(&n.type_, &n.payload, locale),
            notification_type: n.type_,
            severity: n.severity,
            payload: n.payload,
            operational: n.operational,
            read_at: n.read_at,
            created_at: n.created_at,
        })
        .collect();
    Ok(NotificationPage {
        items,
        page: paging.page,
        page_size: paging.page_size,
        total: u64::try_from(total).unwrap_or(0),
        unread_count: u64::try_from(unread).unwrap_or(0),
    })
}

/// Marks one of the actor's notifications read (already read: nothing changes); another user's
/// or an unknown one is "not found".
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, notification.id = %id))]
pub async fn mark_read(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<(), UseCaseError> {
    if !afiliados_db::notifications::mark_read(tx, actor.user_id, id).await? {
        return Err(UseCaseError::NotFound);
    }
    // Reading an operational notification acknowledges its alert (`api.md` §14).
    crate::usecases::alerts::acknowledge::by_notification(tx, ctx, actor, id).await
}

/// Marks every unread notification of the actor read, only those of `kind` when given; returns
/// how many changed.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn mark_all_read(
    tx: &mut AsyncPgConnection,
    _ctx: &UseCaseContext<'_>,
    actor: &Actor,
    kind: Option<&str>,
) -> Result<usize, UseCaseError> {
    Ok(afiliados_db::notifications::mark_all_read(tx, actor.user_id, kind).await?)
}
