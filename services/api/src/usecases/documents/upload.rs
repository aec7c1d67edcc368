//! [`Upload`]: what a multipart upload carried, as plain data (the api's reader,
//! `crate::extract::multipart`, fills it within the size limits; [`super::store::validate`]
//! checks it).

/// What an upload carried.
#[derive(Debug, Default)]
pub struct Upload {
    /// The file's bytes, when a `file` part came.
    pub file: Option<Vec<u8>>,
    /// Its declared content type.
    pub declared_type: Option<String>,
    /// Its client file name.
    pub filename: Option<String>,
    /// Text parts by name (`kind`, `notes`).
    pub texts: Vec<(String, String)>,
    /// The file went over the limit (its bytes were dropped).
    pub file_too_large: bool,
}

impl Upload {
    /// A text part by name.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
