//! `tax_profiles`: withholding profiles finance assigns to influencers (`domain.md` §3.2).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::tax_profiles;

/// A tax profile row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tax_profiles, check_for_backend(diesel::pg::Pg))]
pub struct TaxProfile {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// `^[a-z0-9_]{2,40}$`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Withholding percent.
    pub withholding_rate: Decimal,
    /// Gross amount from which withholding applies.
    pub threshold_amount: Decimal,
    /// Offered at registration.
    pub active: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// Changes of a profile (the code never changes).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = tax_profiles)]
pub struct TaxProfileChanges {
    /// Name.
    pub name: Option<String>,
    /// Rate.
    pub withholding_rate: Option<Decimal>,
    /// Threshold.
    pub threshold_amount: Option<Decimal>,
    /// Active.
    pub active: Option<bool>,
}

/// Every profile of the tenant ordered by code; only active ones when `active_only`.
pub async fn list(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
    active_only: bool,
) -> crate::Result<Vec<TaxProfile>> {
    let mut query = tax_profiles::table
        .filter(tax_profiles::tenant_id.eq(tenant_id))
        .into_boxed();
    if active_only {
        query = query.filter(tax_profiles::active.eq(true));
    }
    query
        .order(tax_profiles::code.asc())
        .select(TaxProfile::as_select())
        .load(&mut conn)
        .await
}

/// Every profile of the tenant ordered by code, each with whether it is the tenant's
/// `default_tax_profile_id`, in one statement (a withdrawal's preview and every payment read
/// them on the hot path; `list` is boxed and would be prepared anew on every call).
pub async fn with_tenant_default(
    mut conn: &AsyncPgConnection,
    tenant_id: Uuid,
) -> crate::Result<Vec<(TaxProfile, bool)>> {
    use crate::schema::tenants;
    let default_id = tenants::table
        .filter(tenants::id.eq(tenant_id))
        .select(tenants::default_tax_profile_id)
        .single_value();
    let rows: Vec<(TaxProfile, Option<bool>)> = tax_profiles::table
        .filter(tax_profiles::tenant_id.eq(tenant_id))
        .order(tax_profiles::code.asc())
        .select((
            TaxProfile::as_select(),
            tax_profiles::id.nullable().eq(default_id),
        ))
        .load(&mut conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(profile, is_default)| (profile, is_default == Some(true)))
        .collect())
}

/// A profile by id.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<TaxProfile>> {
    tax_profiles::table
        .filter(tax_profiles::tenant_id.eq(tenant_id))
        .filter(tax_profiles::id.eq(id))
        .select(TaxProfile::as_select())
        .first(conn)
        .await
        .optional()
}

/// A profile by code (active or not).
pub async fn find_by_code(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    code: &str,
) -> crate::Result<Option<TaxProfile>> {
    tax_profiles::table
        .filter(tax_profiles::tenant_id.eq(tenant_id))
        .filter(tax_profiles::code.eq(code))
        .select(TaxProfile::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts a profile.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    code: &str,
    name: &str,
    withholding_rate: Decimal,
    threshold_amount: Decimal,
    active: bool,
) -> crate::Result<TaxProfile> {
    diesel::insert_into(tax_profiles::table)
        .values((
            tax_profiles::id.eq(crate::new_id()),
            tax_profiles::tenant_id.eq(tenant_id),
            tax_profiles::code.eq(code),
            tax_profiles::name.eq(name),
            tax_profiles::withholding_rate.eq(withholding_rate),
            tax_profiles::threshold_amount.eq(threshold_amount),
            tax_profiles::active.eq(active),
        ))
        .returning(TaxProfile::as_returning())
        .get_result(conn)
        .await
}

/// Applies changes and bumps `updated_at`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: &TaxProfileChanges,
) -> crate::Result<TaxProfile> {
    diesel::update(tax_profiles::table.find(id))
        .set((changes, tax_profiles::updated_at.eq(diesel::dsl::now)))
        .returning(TaxProfile::as_returning())
        .get_result(conn)
        .await
}

/// The code of a tax profile.
pub async fn code_of(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<String>> {
    tax_profiles::table
        .find(id)
        .select(tax_profiles::code)
        .first(conn)
        .await
        .optional()
}
