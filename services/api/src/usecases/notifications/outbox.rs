//! The e-mail outbox as staff see it (admin_dentsu, auditor): a filtered page, never the
//! payload (it can hold links and personal data).

use afiliados_api_types::Page;
use afiliados_api_types::notifications::{ListEmailsQuery, OutboxEmail};
use afiliados_db::AsyncPgConnection;
use afiliados_db::email_outbox::{EmailFilter, OutboxEmailRow};
use afiliados_domain::{Actor, Role};

use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Who reads the outbox.
pub const READERS: [Role; 2] = [Role::AdminDentsu, Role::Auditor];

/// An outbox row as staff see it (the payload is never returned).
pub fn outbox_email(row: OutboxEmailRow) -> OutboxEmail {
    OutboxEmail {
        id: row.id,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale,
        status: row.status,
        delivered: row.delivered,
        attempts: row.attempts,
        max_attempts: crate::usecases::emails::delivery::max_attempts(),
        last_error: row.last_error,
        next_attempt_at: row.next_attempt_at,
        sent_at: row.sent_at,
        message_id: row.message_id,
        alert_group: row.alert_group.map(|group| group.to_string()),
        created_at: row.created_at,
    }
}

/// One page of the tenant's outbox matching the query; `delivered=false` is the runbook's query.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListEmailsQuery,
) -> Result<Page<OutboxEmail>, UseCaseError> {
    actor.require_any(&READERS)?;
    let paging = Pagination::new(query.page, query.page_size)?;
    let filter = EmailFilter {
        delivered: query.delivered,
        status: query.status.clone(),
        template: query.template.clone(),
        recipient: query.recipient.as_ref().map(|r| r.trim().to_lowercase()),
    };
    let (rows, total) = afiliados_db::email_outbox::list(
        tx,
        ctx.tenant_id,
        &filter,
        paging.offset(),
        paging.limit(),
    )
    .await?;
    Ok(paging.page(rows.into_iter().map(outbox_email).collect(), total))
}
