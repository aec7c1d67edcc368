//! Validated files sealed into object storage under `<owner_type>/<owner_id>/<document id>`
//! (the document id is also the encryption's associated data), their rows, their
//! representation, and opening them with the SHA-256 re-checked.

use afiliados_api_types::influencers::DocumentResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::stored_documents::{NewDocument, StoredDocument};
use afiliados_domain::{DocumentKind, FieldCode};
use uuid::Uuid;

use super::files::{FileType, clean_filename};
use super::upload::Upload;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Longest note.
const NOTES_MAX: usize = 500;

/// An upload that passed every rule.
#[derive(Debug)]
pub struct ValidFile {
    /// Plaintext bytes.
    pub bytes: Vec<u8>,
    /// Detected type.
    pub file_type: FileType,
    /// Cleaned name.
    pub filename: String,
    /// Kind.
    pub kind: DocumentKind,
    /// Notes.
    pub notes: Option<String>,
}

/// Checks the file (present, allowed type agreeing with the declared one, within the limit),
/// the `kind` among `kinds` and the notes, reporting every problem at once.
pub fn validate(upload: Upload, kinds: &[DocumentKind]) -> Result<ValidFile, UseCaseError> {
    let mut p = Problems::new();
    let file = match (&upload.file, upload.file_too_large) {
        (_, true) => {
            p.push("file", FieldCode::FileTooLarge);
            None
        }
        (None, false) => {
            p.push("file", FieldCode::Required);
            None
        }
        (Some(bytes), false) if bytes.is_empty() => {
            p.push("file", FieldCode::Required);
            None
        }
        (Some(bytes), false) => {
            let detected = FileType::detect(bytes);
            let agrees = match (detected, upload.declared_type.as_deref()) {
                (Some(kind), Some(declared)) => kind.agrees_with(declared),
                (Some(_), None) => true,
                (None, _) => false,
            };
            if !agrees {
                p.push("file", FieldCode::FileTypeNotAllowed);
            }
            detected.filter(|_| agrees)
        }
    };
    let kind = upload.text("kind").map(str::trim).unwrap_or_default();
    // Parsed here, not by the multipart reader: an unknown kind is a field problem (422
    // `invalid_enum`) reported with the others, and a kind of the vocabulary that this owner may
    // not upload is refused the same way.
    let kind = match DocumentKind::parse(kind) {
        _ if kind.is_empty() => {
            p.push("kind", FieldCode::Required);
            None
        }
        Some(kind) if kinds.contains(&kind) => Some(kind),
        _ => {
            p.push("kind", FieldCode::InvalidEnum);
            None
        }
    };
    let notes = upload
        .text("notes")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > NOTES_MAX)
    {
        p.push("notes", FieldCode::TooLong);
    }
    p.finish()?;
    let file_type = file.ok_or_else(|| UseCaseError::invalid("file", FieldCode::Required))?;
    let kind = kind.ok_or_else(|| UseCaseError::invalid("kind", FieldCode::Required))?;
    Ok(ValidFile {
        filename: clean_filename(upload.filename.as_deref(), file_type),
        bytes: upload.file.unwrap_or_default(),
        file_type,
        kind,
        notes,
    })
}

/// Where a document's object lives.
pub fn storage_key(owner_type: &str, owner_id: Uuid, document_id: Uuid) -> String {
    format!("{owner_type}/{owner_id}/{document_id}")
}

/// A file sealed in storage, ready for its row.
#[derive(Debug)]
pub struct StoredFile {
    /// The document id.
    pub id: Uuid,
    /// The object key.
    pub key: String,
    /// The sealing key's id.
    pub key_id: String,
    /// SHA-256 of the plaintext.
    pub sha256: String,
}

/// Seals and writes the bytes (before the row's transaction; an object without a row is only
/// unreachable garbage, a row without its object would be a broken record).
#[tracing::instrument(skip_all, fields(owner.id = %owner_id, document.id = tracing::field::Empty))]
pub async fn put(
    ctx: &UseCaseContext<'_>,
    owner_type: &str,
    owner_id: Uuid,
    file: &ValidFile,
) -> Result<StoredFile, UseCaseError> {
    let id = afiliados_db::new_id();
    tracing::Span::current().record("document.id", tracing::field::display(id));
    let key = storage_key(owner_type, owner_id, id);
    let key_id = ctx
        .storage
        .put_sealed(&key, &file.bytes, ctx.data_keys, id.as_bytes())
        .await
        .map_err(|e| UseCaseError::Internal(e.into()))?;
    Ok(StoredFile {
        id,
        key,
        key_id,
        sha256: afiliados_crypto::sha256_hex(&file.bytes),
    })
}

/// Inserts the row of a stored file.
pub async fn insert_row(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    owner: (&str, Uuid),
    file: &ValidFile,
    stored: &StoredFile,
    uploaded_by: &str,
) -> Result<StoredDocument, UseCaseError> {
    let size = i64::try_from(file.bytes.len()).map_err(|e| UseCaseError::Internal(e.into()))?;
    Ok(afiliados_db::stored_documents::insert(
        tx,
        &NewDocument {
            id: stored.id,
            tenant_id: ctx.tenant_id,
            owner_type: owner.0,
            owner_id: owner.1,
            kind: file.kind.as_str(),
            filename: &file.filename,
            content_type: file.file_type.content_type(),
            size_bytes: size,
            sha256: &stored.sha256,
            storage_key: &stored.key,
            encryption_key_id: Some(&stored.key_id),
            uploaded_by,
            notes: file.notes.as_deref(),
        },
    )
    .await?)
}

/// Reads, decrypts and verifies a document's bytes.
#[tracing::instrument(skip_all, fields(document.id = %document.id))]
pub async fn open(
    ctx: &UseCaseContext<'_>,
    document: &StoredDocument,
) -> Result<Vec<u8>, UseCaseError> {
    let bytes = ctx
        .storage
        .get_opened(&document.storage_key, ctx.data_keys, document.id.as_bytes())
        .await
        .map_err(|e| UseCaseError::internal(format!("document {}: {e}", document.id)))?;
    if afiliados_crypto::sha256_hex(&bytes) != document.sha256.trim() {
        return Err(UseCaseError::internal(format!(
            "document {} does not match its SHA-256",
            document.id
        )));
    }
    Ok(bytes)
}

/// A document's plaintext as a stream of authenticated pieces, for a response body.
pub type DocumentStream = futures::stream::BoxStream<'static, Result<Vec<u8>, UseCaseError>>;

/// Opens a document for streaming (ADR 0081): chunked objects are read, opened and sent a chunk
/// at a time (single-shot ones whole). The first piece is read here, so a missing object, the
/// wrong key or associated data fail before any byte is answered; the SHA-256 of the row is
/// re-checked at the end, and a mismatch (or any later failure) ends the stream with an error,
/// which cuts the response short rather than completing it.
#[tracing::instrument(skip_all, fields(document.id = %document.id))]
pub async fn open_stream(
    ctx: &UseCaseContext<'_>,
    document: &StoredDocument,
) -> Result<DocumentStream, UseCaseError> {
    let id = document.id;
    let failed = move |e: afiliados_storage::StorageError| {
        UseCaseError::internal(format!("document {id}: {e}"))
    };
    let mut reader = ctx
        .storage
        .open_sealed(&document.storage_key, ctx.data_keys, id.as_bytes())
        .await
        .map_err(failed)?;
    let first = reader.next_piece().await.map_err(failed)?;
    struct Streaming {
        reader: afiliados_storage::SealedReader,
        first: Option<Vec<u8>>,
        hash: afiliados_crypto::Sha256Stream,
        expected: String,
    }
    let state = Streaming {
        reader,
        first,
        hash: afiliados_crypto::Sha256Stream::new(),
        expected: document.sha256.trim().to_owned(),
    };
    let stream = futures::stream::try_unfold(state, move |mut state| async move {
        let piece = match state.first.take() {
            Some(piece) => Some(piece),
            None => state.reader.next_piece().await.map_err(failed)?,
        };
        match piece {
            Some(piece) => {
                state.hash.update(&piece);
                Ok(Some((piece, state)))
            }
            None => {
                if std::mem::take(&mut state.hash).finish_hex() != state.expected {
                    tracing::error!(document.id = %id, "document does not match its SHA-256");
                    return Err(UseCaseError::internal(format!(
                        "document {id} does not match its SHA-256"
                    )));
                }
                Ok(None)
            }
        }
    });
    Ok(Box::pin(stream))
}

/// The Document representation.
pub fn response(document: StoredDocument, download_url: Option<String>) -> DocumentResponse {
    DocumentResponse {
        id: document.id.into(),
        kind: document.kind,
        filename: document.filename,
        content_type: document.content_type,
        size_bytes: document.size_bytes,
        sha256: document.sha256.trim().to_owned(),
        notes: document.notes,
        uploaded_by: document.uploaded_by,
        uploaded_at: document.created_at,
        download_url,
    }
}
