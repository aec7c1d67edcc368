//! `PUT /brands/{id}/logo` and the public logo: PNG, JPEG or SVG up to 1 MiB, stored unencrypted
//! (the logo is public) with a `documents` row (`owner_type = brand`, `kind = logo`).

use afiliados_api_types::brands::BrandResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::brand_logos::NewLogo;
use afiliados_db::brands::BrandChanges;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::brand_scope::Scope;

/// Largest logo.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The part's file name.
    pub filename: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The content type of an accepted logo from its first bytes, never from the client's header.
/// SVG with scripts or event handlers is refused: the file is served publicly.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let lower = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    let looks_svg =
        (lower.starts_with("<?xml") || lower.starts_with("<svg") || lower.starts_with("<!--"))
            && lower.contains("<svg");
    let active = lower.contains("<script")
        || lower.contains("javascript:")
        || lower.contains("<foreignobject")
        || has_event_handler(&lower);
    (looks_svg && !active).then_some("image/svg+xml")
}

/// ` on…=` attributes (`onload=`, `onclick =`).
fn has_event_handler(lower: &str) -> bool {
    lower.match_indices(" on").any(|(index, _)| {
        let rest = &lower[index + 3..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    })
}

/// Checks the upload (`file` → `required`, `file_too_large`, `file_type_not_allowed`).
pub fn check(upload: Option<&Upload>) -> Result<&'static str, ApiError> {
    let upload = upload.ok_or_else(|| ApiError::field("file", "required"))?;
    if upload.bytes.is_empty() {
        return Err(ApiError::field("file", "required"));
    }
    if upload.bytes.len() > MAX_LOGO_BYTES {
        return Err(ApiError::field("file", "file_too_large"));
    }
    sniff(&upload.bytes).ok_or_else(|| ApiError::field("file", "file_type_not_allowed"))
}

fn clean_filename(raw: &str, content_type: &str) -> String {
    let name: String = raw
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if name.trim().is_empty() {
        match content_type {
            "image/png" => "logo.png".into(),
            "image/jpeg" => "logo.jpg".into(),
            _ => "logo.svg".into(),
        }
    } else {
        name
    }
}

/// Stores the logo and points the brand at it, inside the caller's transaction.
pub async fn replace(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    scope: &Scope,
    brand_id: Uuid,
    upload: &Upload,
    content_type: &str,
) -> Result<BrandResponse, ApiError> {
    let brand = afiliados_db::brands::find_for_update(tx, state.tenant_id, brand_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    scope.require_brand(brand.id)?;
    let id = afiliados_db::new_id();
    let key = format!("brands/{}/logo/{}", brand.id, id.simple());
    state
        .storage
        .put(&key, &upload.bytes, content_type)
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("storing a logo: {error}")))?;
    let sha = hex_sha256(&upload.bytes);
    let filename = clean_filename(&upload.filename, content_type);
    afiliados_db::brand_logos::insert(
        tx,
        &NewLogo {
            id,
            tenant_id: state.tenant_id,
            brand_id: brand.id,
            filename: &filename,
            content_type,
            size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha,
            storage_key: &key,
            uploaded_by: &user.id().to_string(),
        },
    )
    .await?;
    if let Some(previous) = brand.logo_document_id {
        afiliados_db::brand_logos::retire(tx, previous).await?;
    }
    let changes = BrandChanges {
        logo_document_id: Some(Some(id)),
        ..Default::default()
    };
    let updated = afiliados_db::brands::update(tx, brand.id, &changes).await?;
    let event = AuditEvent::new("brand.updated", "brand", brand.id).changes(
        Some(serde_json::json!({ "logoDocumentId": brand.logo_document_id })),
        Some(
            serde_json::json!({ "logoDocumentId": id, "sha256": sha, "contentType": content_type }),
        ),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(super::representation::one(tx, updated, scope.is_all()).await?)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The logo of a live brand: content type and bytes; `None` when it has none.
pub async fn read(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    brand_id: Uuid,
) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    let Some(brand) = afiliados_db::brands::find(conn, state.tenant_id, brand_id).await? else {
        return Ok(None);
    };
    let Some(document) = brand.logo_document_id else {
        return Ok(None);
    };
    let Some(logo) =
        afiliados_db::brand_logos::find(conn, state.tenant_id, brand.id, document).await?
    else {
        return Ok(None);
    };
    let bytes = state
        .storage
        .get(&logo.storage_key)
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("reading a logo: {error}")))?;
    Ok(Some((logo.content_type, bytes)))
}
