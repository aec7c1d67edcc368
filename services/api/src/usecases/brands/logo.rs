//! `PUT /brands/{id}/logo` and the public logo: PNG, JPEG or SVG up to 1 MiB, stored unencrypted
//! (the logo is public) with a `documents` row (`owner_type = brand`, `kind = logo`).

use afiliados_api_types::brands::BrandResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::brand_logos::NewLogo;
use afiliados_db::brands::BrandChanges;
use afiliados_domain::{Actor, FieldCode, Role};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::brand_scope::resolve;
use crate::usecases::{UseCaseContext, UseCaseError};

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
/// An SVG must pass the allow-list of [`super::svg`] (ADR 0020): the file is served publicly.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    super::svg::is_allowed_svg(text).then_some("image/svg+xml")
}

/// Checks the upload (`file` → `required`, `file_too_large`, `file_type_not_allowed`).
pub fn check(upload: Option<&Upload>) -> Result<&'static str, UseCaseError> {
    let upload = upload.ok_or_else(|| UseCaseError::invalid("file", FieldCode::Required))?;
    if upload.bytes.is_empty() {
        return Err(UseCaseError::invalid("file", FieldCode::Required));
    }
    if upload.bytes.len() > MAX_LOGO_BYTES {
        return Err(UseCaseError::invalid("file", FieldCode::FileTooLarge));
    }
    sniff(&upload.bytes).ok_or_else(|| UseCaseError::invalid("file", FieldCode::FileTypeNotAllowed))
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

/// Checks the upload, stores the logo and points the brand at it, inside the caller's
/// transaction (admin_dentsu, or admin_marca for its brands). The permission is checked before
/// the file, the file before the brand is looked up.
#[tracing::instrument(skip_all, fields(actor.id = %user.user_id, brand.id = %brand_id))]
pub async fn replace(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    user: &Actor,
    brand_id: Uuid,
    upload: Option<&Upload>,
) -> Result<BrandResponse, UseCaseError> {
    let scope = resolve(tx, user, &[Role::AdminDentsu], true, false).await?;
    let content_type = check(upload)?;
    let upload = upload.ok_or_else(|| UseCaseError::invalid("file", FieldCode::Required))?;
    let brand = afiliados_db::brands::find_for_update(tx, ctx.tenant_id, brand_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    scope.require_brand(brand.id)?;
    let id = afiliados_db::new_id();
    let key = format!("brands/{}/logo/{}", brand.id, id.simple());
    ctx.storage
        .put(&key, &upload.bytes, content_type)
        .await
        .map_err(|error| UseCaseError::internal(format!("storing a logo: {error}")))?;
    let sha = hex_sha256(&upload.bytes);
    let filename = clean_filename(&upload.filename, content_type);
    afiliados_db::brand_logos::insert(
        tx,
        &NewLogo {
            id,
            tenant_id: ctx.tenant_id,
            brand_id: brand.id,
            filename: &filename,
            content_type,
            size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha,
            storage_key: &key,
            uploaded_by: &user.user_id.to_string(),
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
    audit::record(tx, ctx.tenant_id, &AuditActor::User(user), event).await?;
    Ok(super::representation::one(tx, updated, scope.is_all()).await?)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The logo of a live brand: content type and bytes; "not found" when it has none (public:
/// nobody is signed in).
#[tracing::instrument(skip_all, fields(brand.id = %brand_id))]
pub async fn read(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    brand_id: Uuid,
) -> Result<(String, Vec<u8>), UseCaseError> {
    let Some(brand) = afiliados_db::brands::find(conn, ctx.tenant_id, brand_id).await? else {
        return Err(UseCaseError::NotFound);
    };
    let Some(document) = brand.logo_document_id else {
        return Err(UseCaseError::NotFound);
    };
    let Some(logo) =
        afiliados_db::brand_logos::find(conn, ctx.tenant_id, brand.id, document).await?
    else {
        return Err(UseCaseError::NotFound);
    };
    let bytes = ctx
        .storage
        .get(&logo.storage_key)
        .await
        .map_err(|error| UseCaseError::internal(format!("reading a logo: {error}")))?;
    Ok((logo.content_type, bytes))
}
