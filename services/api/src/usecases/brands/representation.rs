//! The `Brand` and `WithdrawalPolicy` representations.

use afiliados_api_types::brands::{BrandResponse, WithdrawalPolicyResponse};
use afiliados_db::AsyncPgConnection;
use afiliados_db::brand_withdrawal_policies::WithdrawalPolicyRow;
use afiliados_db::brands::Brand;
use uuid::Uuid;

use crate::usecases::fields::money;

/// The public logo route of a brand.
pub fn logo_url(brand_id: Uuid) -> String {
    format!("/api/v1/public/brands/{brand_id}/logo")
}

/// A brand's policy; a brand without a row (older data) has the default `{0, COP, 0}`.
pub fn policy(brand: &Brand, row: Option<&WithdrawalPolicyRow>) -> WithdrawalPolicyResponse {
    match row {
        Some(row) => WithdrawalPolicyResponse {
            brand_id: brand.id.into(),
            brand_name: brand.name.clone(),
            minimum_amount: money(row.minimum_amount),
            currency: row.currency.clone(),
            hold_days: row.hold_days,
            updated_at: row.updated_at,
            updated_by: row.updated_by.map(Into::into),
        },
        None => WithdrawalPolicyResponse {
            brand_id: brand.id.into(),
            brand_name: brand.name.clone(),
            minimum_amount: afiliados_domain::Money::ZERO,
            currency: "COP".into(),
            hold_days: 0,
            updated_at: brand.created_at,
            updated_by: None,
        },
    }
}

/// Many brands with their policies; owners only when `show_owners` (hidden from AM and IN).
pub async fn many(
    conn: &mut AsyncPgConnection,
    brands: Vec<Brand>,
    show_owners: bool,
) -> Result<Vec<BrandResponse>, diesel::result::Error> {
    let ids: Vec<Uuid> = brands.iter().map(|b| b.id).collect();
    let policies = afiliados_db::brand_withdrawal_policies::of_brands(conn, &ids).await?;
    let mut owners = if show_owners {
        afiliados_db::brands::owners_of_many(conn, &ids).await?
    } else {
        Default::default()
    };
    Ok(brands
        .into_iter()
        .map(|brand| BrandResponse {
            withdrawal_policy: policy(&brand, policies.get(&brand.id)),
            owner_user_ids: show_owners
                .then(|| owners.remove(&brand.id).unwrap_or_default())
                .map(afiliados_domain::ids::typed),
            id: brand.id.into(),
            logo_url: brand.logo_document_id.map(|_| logo_url(brand.id)),
            name: brand.name,
            slug: brand.slug,
            coupon_prefix: brand.coupon_prefix,
            vtex_brand_id: brand.vtex_brand_id,
            description: brand.description,
            status: brand.status,
            created_at: brand.created_at,
            updated_at: brand.updated_at,
        })
        .collect())
}

/// One brand.
pub async fn one(
    conn: &mut AsyncPgConnection,
    brand: Brand,
    show_owners: bool,
) -> Result<BrandResponse, diesel::result::Error> {
    Ok(many(conn, vec![brand], show_owners).await?.remove(0))
}
