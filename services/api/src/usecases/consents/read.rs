//! `GET /policies/consents/{influencerId}`: an influencer's consents, newest first, revoked ones
//! included.

use afiliados_api_types::consents::ConsentList;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::representation::consent_responses;
use super::scope::readable_influencer;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The consents of an influencer the actor may read (staff readers: anyone; an influencer: its
/// own; 404 otherwise).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %influencer_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    influencer_id: Uuid,
) -> Result<ConsentList, UseCaseError> {
    let influencer = readable_influencer(tx, ctx, actor, influencer_id).await?;
    let rows = afiliados_db::consents::for_influencer(tx, influencer.id).await?;
    let items = consent_responses(tx, rows).await?;
    Ok(ConsentList { items })
}
