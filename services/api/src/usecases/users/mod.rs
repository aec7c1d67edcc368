//! User administration by admin_dentsu (api.md §4).

pub mod access;
pub mod create;
pub mod read;
pub mod representation;
pub mod status;
pub mod update;

use afiliados_domain::{FieldCode, Role};
use uuid::Uuid;

use crate::usecases::Problems;

/// Validates a staff role set (1–6 distinct, never `influencer`) and the brand rule (required
/// with admin_marca, forbidden otherwise).
pub fn check_roles_and_brands(roles: &[Role], brand_ids: &[Uuid], problems: &mut Problems) {
    let mut unique = roles.to_vec();
    unique.sort();
    unique.dedup();
    if roles.is_empty() {
        problems.push("roles", FieldCode::Required);
    } else if unique.len() != roles.len() {
        problems.push("roles", FieldCode::NotUniqueInList);
    }
    if roles.contains(&Role::Influencer) {
        problems.push("roles", FieldCode::InvalidEnum);
    }
    let marca = roles.contains(&Role::AdminMarca);
    if marca && brand_ids.is_empty() {
        problems.push("brandIds", FieldCode::Required);
    }
    if !marca && !brand_ids.is_empty() {
        problems.push("brandIds", FieldCode::NotAllowed);
    }
}
