//! `GET /influencers/{id}` (the record cut to the caller's view) and
//! `GET /influencers/{id}/status-history` (the status trail, oldest first).

use afiliados_api_types::influencers::{InfluencerResponse, InfluencerStatusHistory};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use uuid::Uuid;

use super::access::{self, Allowed};
use super::representation;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One influencer: staff and the influencer itself see everything, admin_marca its brands'
/// memberships and a masked document, finance the payment view.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn get(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<InfluencerResponse, UseCaseError> {
    let allowed = Allowed {
        staff: true,
        brand: true,
        finance: true,
        own: true,
    };
    let (influencer, view) = access::load(conn, ctx, actor, id, allowed, false).await?;
    representation::detail(conn, ctx, influencer, &view).await
}

/// The status transitions of an influencer in the caller's scope (not finance).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, influencer.id = %id))]
pub async fn status_history(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<InfluencerStatusHistory, UseCaseError> {
    let allowed = Allowed {
        staff: true,
        brand: true,
        finance: false,
        own: true,
    };
    let (influencer, _) = access::load(conn, ctx, actor, id, allowed, false).await?;
    let rows = afiliados_db::influencers::write::status_history(conn, ctx.tenant_id, influencer.id)
        .await?;
    Ok(InfluencerStatusHistory {
        items: rows
            .into_iter()
            .map(representation::status_change)
            .collect::<Result<_, _>>()?,
    })
}
