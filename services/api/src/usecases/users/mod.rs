//! User administration by admin_dentsu (api.md §4).

pub mod access;
pub mod create;
pub mod representation;
pub mod status;
pub mod update;

use afiliados_api_types::FieldError;
use afiliados_domain::Role;
use uuid::Uuid;

use crate::error::field_message;

/// Validates a staff role set (1–6 distinct, never `influencer`) and the brand rule (required
/// with admin_marca, forbidden otherwise).
pub fn check_roles_and_brands(roles: &[Role], brand_ids: &[Uuid], errors: &mut Vec<FieldError>) {
    let mut push = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: field_message(code),
        })
    };
    let mut unique = roles.to_vec();
    unique.sort();
    unique.dedup();
    if roles.is_empty() {
        push("roles", "required");
    } else if unique.len() != roles.len() {
        push("roles", "not_unique_in_list");
    }
    if roles.contains(&Role::Influencer) {
        push("roles", "invalid_enum");
    }
    let marca = roles.contains(&Role::AdminMarca);
    if marca && brand_ids.is_empty() {
        push("brandIds", "required");
    }
    if !marca && !brand_ids.is_empty() {
        push("brandIds", "not_allowed");
    }
}
