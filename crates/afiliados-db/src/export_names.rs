//! Display names of the brands, campaigns and influencers a page of export rows references
//! (the CSV exports name them where the records hold only ids), one query per kind and page.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{brands, campaigns, influencers};

/// `brands.name` by id.
pub async fn brands(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = brands::table
        .filter(brands::id.eq_any(ids))
        .select((brands::id, brands::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// `campaigns.name` by id.
pub async fn campaigns(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = campaigns::table
        .filter(campaigns::id.eq_any(ids))
        .select((campaigns::id, campaigns::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// "first last" by influencer id.
pub async fn influencers(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String, String)> = influencers::table
        .filter(influencers::id.eq_any(ids))
        .select((
            influencers::id,
            influencers::first_name,
            influencers::last_name,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect())
}
