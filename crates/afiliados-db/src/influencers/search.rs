//! The influencer list (`GET /influencers`): filters, admin_marca scoping, the accent-insensitive
//! text search and the per-row counts the summary shows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::Influencer;
use crate::schema::{campaign_influencers, campaigns, consents, influencers, policy_versions};

/// Accented letters folded by the search, and what they fold to; applied after `lower()`, and
/// upper-case accented letters are listed too because `lower()` depends on the collation.
const FOLD_FROM: &str = "áéíóúàèìòùäëïöüâêîôûñçÁÉÍÓÚÀÈÌÒÙÄËÏÖÜÂÊÎÔÛÑÇ";
const FOLD_TO: &str = "aeiouaeiouaeiouaeiouncaeiouaeiouaeiouaeiounc";

/// Lower-cases and strips the accents [`FOLD_FROM`] knows, exactly as the SQL side does.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| {
            FOLD_FROM
                .chars()
                .position(|from| from == c)
                .and_then(|index| FOLD_TO.chars().nth(index))
                .unwrap_or(c)
        })
        .collect()
}

/// Sort columns of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortField {
    /// Registration instant (the default, newest first).
    #[default]
    CreatedAt,
    /// Family name.
    LastName,
    /// Status.
    Status,
}

/// What the list shows.
#[derive(Debug, Clone, Default)]
pub struct InfluencerFilter {
    /// Only these statuses (empty = all).
    pub statuses: Vec<String>,
    /// Member of this campaign.
    pub campaign_id: Option<Uuid>,
    /// Member of a campaign of this brand.
    pub brand_id: Option<Uuid>,
    /// admin_marca scope: member of a campaign of one of these brands.
    pub brand_scope: Option<Vec<Uuid>>,
    /// Text searched in names, email and document number (any case, any accents).
    pub q: Option<String>,
    /// Whether `q` also matches document numbers (not for callers who see them masked, or the
    /// search would reveal them digit by digit).
    pub q_documents: bool,
    /// With (true) or without (false) an active policy version left to accept.
    pub pending_consents: Option<bool>,
    /// Registered at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Registered before.
    pub created_to: Option<DateTime<Utc>>,
    /// Order.
    pub sort: SortField,
    /// Descending.
    pub descending: bool,
}

const PENDING_SQL: &str = "EXISTS (SELECT 1 FROM policy_versions pv WHERE pv.tenant_id = \
     influencers.tenant_id AND pv.is_active AND NOT EXISTS (SELECT 1 FROM consents c WHERE \
     c.influencer_id = influencers.id AND c.policy_version_id = pv.id AND c.revoked_at IS NULL))";

fn like_pattern(q: &str) -> String {
    let escaped = fold(q.trim())
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of influencers and the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &InfluencerFilter,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<Influencer>, i64)> {
    let build = || {
        let mut query = influencers::table
            .filter(influencers::tenant_id.eq(tenant_id))
            .filter(influencers::deleted_at.is_null())
            .into_boxed();
        if !filter.statuses.is_empty() {
            query = query.filter(influencers::status.eq_any(filter.statuses.clone()));
        }
        if let Some(campaign_id) = filter.campaign_id {
            query = query.filter(
                influencers::id.eq_any(
                    campaign_influencers::table
                        .filter(campaign_influencers::campaign_id.eq(campaign_id))
                        .select(campaign_influencers::influencer_id),
                ),
            );
        }
        if let Some(brand_id) = filter.brand_id {
            query = query.filter(
                influencers::id.eq_any(
                    campaign_influencers::table
                        .inner_join(campaigns::table)
                        .filter(campaigns::brand_id.eq(brand_id))
                        .select(campaign_influencers::influencer_id),
                ),
            );
        }
        if let Some(brands) = &filter.brand_scope {
            query = query.filter(
                influencers::id.eq_any(
                    campaign_influencers::table
                        .inner_join(campaigns::table)
                        .filter(campaigns::brand_id.eq_any(brands.clone()))
                        .select(campaign_influencers::influencer_id),
                ),
            );
        }
        if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let document = if filter.q_documents {
                " || ' ' || influencers.document_number"
            } else {
                ""
            };
            query = query.filter(
                sql::<Bool>(&format!(
                    "translate(lower(influencers.first_name || ' ' || influencers.last_name || ' ' \
                     || influencers.email{document}), '{FOLD_FROM}', '{FOLD_TO}') LIKE "
                ))
                .bind::<Text, _>(like_pattern(q))
                .sql(" ESCAPE '\\'"),
            );
        }
        match filter.pending_consents {
            Some(true) => query = query.filter(sql::<Bool>(PENDING_SQL)),
            Some(false) => query = query.filter(sql::<Bool>(&format!("NOT {PENDING_SQL}"))),
            None => {}
        }
        if let Some(from) = filter.created_from {
            query = query.filter(influencers::created_at.ge(from));
        }
        if let Some(to) = filter.created_to {
            query = query.filter(influencers::created_at.lt(to));
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let query = build();
    let query = match (filter.sort, filter.descending) {
        (SortField::CreatedAt, true) => {
            query.order((influencers::created_at.desc(), influencers::id.desc()))
        }
        (SortField::CreatedAt, false) => {
            query.order((influencers::created_at.asc(), influencers::id.asc()))
        }
        (SortField::LastName, true) => {
            query.order((influencers::last_name.desc(), influencers::id.desc()))
        }
        (SortField::LastName, false) => {
            query.order((influencers::last_name.asc(), influencers::id.asc()))
        }
        (SortField::Status, true) => {
            query.order((influencers::status.desc(), influencers::id.desc()))
        }
        (SortField::Status, false) => {
            query.order((influencers::status.asc(), influencers::id.asc()))
        }
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(Influencer::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Memberships per influencer, counting only campaigns of `brand_scope` when given.
pub async fn membership_counts(
    conn: &mut AsyncPgConnection,
    influencer_ids: &[Uuid],
    brand_scope: Option<&[Uuid]>,
) -> crate::Result<HashMap<Uuid, i64>> {
    let mut query = campaign_influencers::table
        .inner_join(campaigns::table)
        .filter(campaign_influencers::influencer_id.eq_any(influencer_ids))
        .select(campaign_influencers::influencer_id)
        .into_boxed();
    if let Some(brands) = brand_scope {
        query = query.filter(campaigns::brand_id.eq_any(brands));
    }
    let rows: Vec<Uuid> = query.load(conn).await?;
    let mut counts = HashMap::new();
    for id in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// Active policy versions each influencer has no live consent to.
pub async fn pending_consent_counts(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    influencer_ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, i64>> {
    let active: Vec<Uuid> = policy_versions::table
        .filter(policy_versions::tenant_id.eq(tenant_id))
        .filter(policy_versions::is_active.eq(true))
        .select(policy_versions::id)
        .load(conn)
        .await?;
    let accepted: Vec<(Uuid, Uuid)> = consents::table
        .filter(consents::influencer_id.eq_any(influencer_ids))
        .filter(consents::policy_version_id.eq_any(&active))
        .filter(consents::revoked_at.is_null())
        .select((consents::influencer_id, consents::policy_version_id))
        .load(conn)
        .await?;
    let total = i64::try_from(active.len()).unwrap_or(i64::MAX);
    let mut counts: HashMap<Uuid, i64> = influencer_ids.iter().map(|id| (*id, total)).collect();
    for (influencer, _) in accepted {
        if let Some(count) = counts.get_mut(&influencer) {
            *count -= 1;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_the_sql_tables() {
        assert_eq!(FOLD_FROM.chars().count(), FOLD_TO.chars().count());
        assert_eq!(fold("José ÁLVAREZ Muñoz"), "jose alvarez munoz");
        assert_eq!(like_pattern(" 50%_x "), "%50\\%\\_x%");
    }
}
