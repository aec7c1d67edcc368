//! File types allowed for uploads, detected from the content and checked against the declared
//! type, and file names cleaned of path characters.

/// The file types an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// `application/pdf`.
    Pdf,
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
}

/// Longest stored file name.
pub const FILENAME_MAX: usize = 200;

impl FileType {
    /// The content type stored and served.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    /// A file name extension for unnamed uploads.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }

    /// The type the bytes are, from their signature.
    pub fn detect(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    /// Whether a declared content type names this type (`image/jpg` is a common spelling).
    pub fn agrees_with(self, declared: &str) -> bool {
        let declared = declared.trim().to_ascii_lowercase();
        match self {
            FileType::Pdf => declared == "application/pdf",
            FileType::Jpeg => declared == "image/jpeg" || declared == "image/jpg",
            FileType::Png => declared == "image/png",
        }
    }
}

/// The last segment of a client's file name without path, control or reserved characters, at
/// most [`FILENAME_MAX`] characters; `document.<ext>` when nothing is left.
pub fn clean_filename(raw: Option<&str>, file_type: FileType) -> String {
    let last = raw
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return format!("document.{}", file_type.extension());
    }
    cleaned.chars().take(FILENAME_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_names() {
        assert_eq!(FileType::detect(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(
            FileType::detect(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(FileType::detect(b"GIF89a"), None);
        assert!(FileType::Jpeg.agrees_with("image/JPEG"));
        assert!(!FileType::Pdf.agrees_with("image/png"));
        assert_eq!(
            clean_filename(Some("..\\..\\C:/tmp/cé\"dula.pdf"), FileType::Pdf),
            "cédula.pdf"
        );
        assert_eq!(clean_filename(Some("../"), FileType::Png), "document.png");
        assert_eq!(
            clean_filename(Some(&"a".repeat(300)), FileType::Pdf).len(),
            200
        );
    }
}
