//! Reading brands and withdrawal policies: `GET /brands`, `GET /brands/{id}`,
//! `GET /brands/{id}/withdrawal-policy` and `GET /payments/policies`. admin_marca sees its brands,
//! an influencer the brands of its campaigns (without owners); others are "not found".

use afiliados_api_types::Page;
use afiliados_api_types::brands::{BrandResponse, ListBrandsQuery, WithdrawalPolicyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brands::BrandFilter;
use afiliados_domain::{Actor, FieldCode, Role};
use uuid::Uuid;

use super::{READERS, representation, visible};
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::paging::Pagination;
use crate::usecases::{UseCaseContext, UseCaseError};

/// One page of the brands in the actor's scope, by name.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &ListBrandsQuery,
) -> Result<Page<BrandResponse>, UseCaseError> {
    let paging = Pagination::new(query.page, query.page_size)?;
    if let Some(status) = &query.status
        && status != "active"
        && status != "inactive"
    {
        return Err(UseCaseError::invalid("status", FieldCode::InvalidEnum));
    }
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let ids = match &scope {
        Scope::All => None,
        Scope::Brands(ids) => Some(ids.clone()),
        Scope::Influencer(own) => Some(afiliados_db::brands::of_influencer(tx, *own).await?),
    };
    let filter = BrandFilter {
        ids,
        status: query.status.clone(),
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (rows, total) =
        afiliados_db::brands::list(tx, ctx.tenant_id, &filter, paging.offset(), paging.limit())
            .await?;
    let items = representation::many(tx, rows, scope.is_all()).await?;
    Ok(paging.page(items, total))
}

/// One brand in the actor's scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, brand.id = %id))]
pub async fn get(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<BrandResponse, UseCaseError> {
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let brand = visible(tx, ctx.tenant_id, &scope, id).await?;
    Ok(representation::one(tx, brand, scope.is_all()).await?)
}

/// The withdrawal policy of a brand in the actor's scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, brand.id = %id))]
pub async fn withdrawal_policy(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
) -> Result<WithdrawalPolicyResponse, UseCaseError> {
    let scope = resolve(tx, actor, &READERS, true, true).await?;
    let brand = visible(tx, ctx.tenant_id, &scope, id).await?;
    let rows = afiliados_db::brand_withdrawal_policies::of_brands(tx, &[brand.id]).await?;
    Ok(representation::policy(&brand, rows.get(&brand.id)))
}

/// The withdrawal policy of every brand in scope, unpaginated (admin_dentsu, finance;
/// admin_marca its brands).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn payment_policies(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<Vec<WithdrawalPolicyResponse>, UseCaseError> {
    let scope = resolve(tx, actor, &[Role::AdminDentsu, Role::Finance], true, false).await?;
    let brands: Vec<_> = afiliados_db::brands::all(tx, ctx.tenant_id)
        .await?
        .into_iter()
        .filter(|b| scope.covers_brand(b.id))
        .collect();
    let ids: Vec<Uuid> = brands.iter().map(|b| b.id).collect();
    let rows = afiliados_db::brand_withdrawal_policies::of_brands(tx, &ids).await?;
    Ok(brands
        .iter()
        .map(|brand| representation::policy(brand, rows.get(&brand.id)))
        .collect())
}
