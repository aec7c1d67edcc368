//! `brands`: the catalogue's brands, their owners (`user_brands`) and the lookups that scope
//! admin_marca and influencer callers. Withdrawal policies live in
//! [`crate::brand_withdrawal_policies`].

use afiliados_domain::BrandStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{brands, campaign_influencers, campaigns, discount_codes, user_brands};

/// A brand row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = brands, check_for_backend(diesel::pg::Pg))]
pub struct Brand {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Prefix of generated codes.
    pub coupon_prefix: String,
    /// `active|inactive`.
    pub status: BrandStatus,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
    /// VTEX catalog brand id.
    pub vtex_brand_id: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Current logo.
    pub logo_document_id: Option<Uuid>,
}

/// Columns of a new brand.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = brands)]
pub struct NewBrand<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Name.
    pub name: &'a str,
    /// Slug.
    pub slug: &'a str,
    /// Prefix.
    pub coupon_prefix: &'a str,
    /// VTEX brand id.
    pub vtex_brand_id: Option<&'a str>,
    /// Description.
    pub description: Option<&'a str>,
}

/// Changes of a brand (`None` leaves a column alone; `Some(None)` clears a nullable one).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = brands)]
pub struct BrandChanges {
    /// Name.
    pub name: Option<String>,
    /// Slug.
    pub slug: Option<String>,
    /// Prefix.
    pub coupon_prefix: Option<String>,
    /// VTEX brand id.
    pub vtex_brand_id: Option<Option<String>>,
    /// Description.
    pub description: Option<Option<String>>,
    /// Status.
    pub status: Option<String>,
    /// Logo.
    pub logo_document_id: Option<Option<Uuid>>,
}

/// Filters of the brand list.
#[derive(Debug, Clone, Default)]
pub struct BrandFilter {
    /// Only these ids (scope), when set.
    pub ids: Option<Vec<Uuid>>,
    /// Status.
    pub status: Option<String>,
    /// Name contains (case-insensitive).
    pub q: Option<String>,
}

/// Creates a brand (with its default withdrawal policy) if its slug is free and returns its id
/// (idempotent; seeds).
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &str,
    slug: &str,
    coupon_prefix: &str,
) -> crate::Result<Uuid> {
    if let Some(id) = find_by_slug(conn, tenant_id, slug).await? {
        crate::brand_withdrawal_policies::ensure_default(conn, id).await?;
        return Ok(id);
    }
    let brand = insert(
        conn,
        &NewBrand {
            id: crate::new_id(),
            tenant_id,
            name,
            slug,
            coupon_prefix,
            vtex_brand_id: None,
            description: None,
        },
    )
    .await?;
    crate::brand_withdrawal_policies::ensure_default(conn, brand.id).await?;
    Ok(brand.id)
}

/// Inserts a brand row.
pub async fn insert(conn: &mut AsyncPgConnection, brand: &NewBrand<'_>) -> crate::Result<Brand> {
    diesel::insert_into(brands::table)
        .values(brand)
        .returning(Brand::as_returning())
        .get_result(conn)
        .await
}

/// A live brand's id by slug.
pub async fn find_by_slug(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    slug: &str,
) -> crate::Result<Option<Uuid>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::slug.eq(slug))
        .filter(brands::deleted_at.is_null())
        .select(brands::id)
        .first(conn)
        .await
        .optional()
}

/// A live brand of the tenant by its slug, whole (one statement where [`find_by_slug`] and
/// [`find`] would take two).
pub async fn find_live_by_slug(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    slug: &str,
) -> crate::Result<Option<Brand>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::slug.eq(slug))
        .filter(brands::deleted_at.is_null())
        .select(Brand::as_select())
        .first(conn)
        .await
        .optional()
}

/// Which of `ids` are live brands of the tenant (validates `brandIds` in requests).
pub async fn existing(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> crate::Result<Vec<Uuid>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::id.eq_any(ids))
        .filter(brands::deleted_at.is_null())
        .select(brands::id)
        .load(conn)
        .await
}

/// A live brand of the tenant.
pub async fn find(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Brand>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::id.eq(id))
        .filter(brands::deleted_at.is_null())
        .select(Brand::as_select())
        .first(&mut conn)
        .await
        .optional()
}

/// Same, locked for an update.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<Brand>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::id.eq(id))
        .filter(brands::deleted_at.is_null())
        .select(Brand::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Every live brand of the tenant (prefix reservation checks).
pub async fn all(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> crate::Result<Vec<Brand>> {
    brands::table
        .filter(brands::tenant_id.eq(tenant_id))
        .filter(brands::deleted_at.is_null())
        .order((brands::name.asc(), brands::id.asc()))
        .select(Brand::as_select())
        .load(conn)
        .await
}

/// A live brand with this value in a unique column, other than `except` (409 pre-checks).
pub async fn taken(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    except: Option<Uuid>,
    slug: Option<&str>,
    prefix: Option<&str>,
    vtex_brand_id: Option<&str>,
) -> crate::Result<(bool, bool, bool)> {
    let rows = all(conn, tenant_id).await?;
    let others = rows.iter().filter(|b| Some(b.id) != except);
    let (mut s, mut p, mut v) = (false, false, false);
    for brand in others {
        s |= slug.is_some_and(|x| x == brand.slug);
        p |= prefix.is_some_and(|x| x == brand.coupon_prefix);
        v |= vtex_brand_id.is_some_and(|x| brand.vtex_brand_id.as_deref() == Some(x));
    }
    Ok((s, p, v))
}

/// One page of brands ordered by name, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &BrandFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Brand>, i64)> {
    let build = || {
        let mut query = brands::table
            .filter(brands::tenant_id.eq(tenant_id))
            .filter(brands::deleted_at.is_null())
            .into_boxed();
        if let Some(ids) = &filter.ids {
            query = query.filter(brands::id.eq_any(ids.clone()));
        }
        if let Some(status) = &filter.status {
            query = query.filter(brands::status.eq(status.clone()));
        }
        if let Some(q) = &filter.q {
            query = query.filter(brands::name.ilike(crate::like_pattern(q)));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((brands::name.asc(), brands::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(Brand::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Applies changes and bumps `updated_at`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &BrandChanges,
) -> crate::Result<Brand> {
    diesel::update(brands::table.find(id))
        .set((changes, brands::updated_at.eq(diesel::dsl::now)))
        .returning(Brand::as_returning())
        .get_result(conn)
        .await
}

/// Owners (`user_brands`) of each brand.
pub async fn owners_of_many(
    conn: &mut AsyncPgConnection,
    brand_ids: &[Uuid],
) -> crate::Result<std::collections::HashMap<Uuid, Vec<Uuid>>> {
    let rows: Vec<(Uuid, Uuid)> = user_brands::table
        .filter(user_brands::brand_id.eq_any(brand_ids))
        .order((user_brands::brand_id, user_brands::user_id))
        .select((user_brands::brand_id, user_brands::user_id))
        .load(conn)
        .await?;
    let mut map = std::collections::HashMap::<Uuid, Vec<Uuid>>::new();
    for (brand, user) in rows {
        map.entry(brand).or_default().push(user);
    }
    Ok(map)
}

/// Replaces the owners of a brand.
pub async fn set_owners(
    conn: &mut AsyncPgConnection,
    brand_id: Uuid,
    owners: &[Uuid],
    granted_by: Option<Uuid>,
) -> crate::Result<()> {
    diesel::delete(
        user_brands::table
            .filter(user_brands::brand_id.eq(brand_id))
            .filter(user_brands::user_id.ne_all(owners)),
    )
    .execute(conn)
    .await?;
    let rows: Vec<_> = owners
        .iter()
        .map(|user| {
            (
                user_brands::id.eq(crate::new_id()),
                user_brands::user_id.eq(user),
                user_brands::brand_id.eq(brand_id),
                user_brands::granted_by.eq(granted_by),
            )
        })
        .collect();
    diesel::insert_into(user_brands::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Brands of the campaigns an influencer is a member of (the influencer's brand scope).
pub async fn of_influencer(
    conn: &mut AsyncPgConnection,
    influencer_id: Uuid,
) -> crate::Result<Vec<Uuid>> {
    campaign_influencers::table
        .inner_join(campaigns::table.on(campaigns::id.eq(campaign_influencers::campaign_id)))
        .filter(campaign_influencers::influencer_id.eq(influencer_id))
        .filter(campaigns::deleted_at.is_null())
        .select(campaigns::brand_id)
        .distinct()
        .load(conn)
        .await
}

/// Whether a code of the brand uses `prefix` (`PREFIX-…`), which fixes the prefix.
pub async fn prefix_in_use(
    conn: &mut AsyncPgConnection,
    brand_id: Uuid,
    prefix: &str,
) -> crate::Result<bool> {
    diesel::select(diesel::dsl::exists(
        discount_codes::table
            .filter(discount_codes::brand_id.eq(brand_id))
            .filter(discount_codes::code.like(format!("{prefix}-%"))),
    ))
    .get_result(conn)
    .await
}
