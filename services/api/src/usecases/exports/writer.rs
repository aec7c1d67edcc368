//! The one CSV writer of the api (`api.md` §0.7): UTF-8 with a BOM, comma separator, CRLF line
//! ends, RFC 4180 quoting (through the `csv` crate: a field with a comma, quote or line break is
//! quoted and its quotes doubled), money with `.` decimals and no thousands separator, instants
//! in RFC 3339 UTC. Every export and report (settlement, orders, commissions, ledger) writes
//! through it, so the format is decided here once.

use afiliados_domain::Money;
use chrono::{DateTime, SecondsFormat, Utc};

use crate::usecases::UseCaseError;

/// The byte-order mark spreadsheet programs need to read UTF-8.
const BOM: &str = "\u{feff}";

/// A CSV document being written in memory, row by row.
pub struct CsvWriter {
    inner: csv::Writer<Vec<u8>>,
    rows: usize,
}

impl std::fmt::Debug for CsvWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvWriter")
            .field("rows", &self.rows)
            .finish()
    }
}

fn failed(error: impl std::fmt::Display) -> UseCaseError {
    UseCaseError::internal(format!("writing CSV: {error}"))
}

impl CsvWriter {
    /// Starts a document: the BOM and the header row.
    pub fn new<I, T>(header: I) -> Result<CsvWriter, UseCaseError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut inner = builder().from_writer(BOM.as_bytes().to_vec());
        inner.write_record(header).map_err(failed)?;
        Ok(CsvWriter { inner, rows: 0 })
    }

    /// Appends one data row.
    pub fn row<I, T>(&mut self, cells: I) -> Result<(), UseCaseError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.inner.write_record(cells).map_err(failed)?;
        self.rows += 1;
        Ok(())
    }

    /// Data rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The finished document's bytes.
    pub fn finish(self) -> Result<Vec<u8>, UseCaseError> {
        self.inner.into_inner().map_err(failed)
    }

    /// The bytes written since the last call (or the start), leaving the writer empty and ready
    /// for more rows: a long document can be sent on piece by piece instead of held whole.
    pub fn take(&mut self) -> Result<Vec<u8>, UseCaseError> {
        let fresh = builder().from_writer(Vec::new());
        std::mem::replace(&mut self.inner, fresh)
            .into_inner()
            .map_err(failed)
    }
}

fn builder() -> csv::WriterBuilder {
    let mut builder = csv::WriterBuilder::new();
    builder
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary);
    builder
}

/// An instant as RFC 3339 UTC (`2026-03-02T14:05:10.987654Z`); empty when absent.
pub fn instant(value: Option<DateTime<Utc>>) -> String {
    value
        .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// Money with two decimals, `.` separator, no thousands separator (`20223.00`).
pub fn amount(value: Money) -> String {
    value.amount().to_string()
}

/// `true`/`false`.
pub fn flag(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(writer: CsvWriter) -> String {
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn a_document_is_the_bom_the_header_and_crlf_rows() {
        let mut writer = CsvWriter::new(["a", "b"]).unwrap();
        writer.row(["1", "2"]).unwrap();
        assert_eq!(writer.rows(), 1);
        assert_eq!(text(writer), "\u{feff}a,b\r\n1,2\r\n");
    }

    #[test]
    fn taking_the_bytes_piece_by_piece_gives_the_same_document() {
        let mut whole = CsvWriter::new(["a", "b"]).unwrap();
        let mut pieces = CsvWriter::new(["a", "b"]).unwrap();
        let mut taken = pieces.take().unwrap();
        for row in [["1", "x,y"], ["2", "say \"hi\""], ["3", ""]] {
            whole.row(row).unwrap();
            pieces.row(row).unwrap();
            taken.extend(pieces.take().unwrap());
        }
        assert!(pieces.take().unwrap().is_empty());
        assert_eq!(pieces.rows(), 3);
        taken.extend(pieces.finish().unwrap());
        assert_eq!(taken, whole.finish().unwrap());
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut writer = CsvWriter::new(["name"]).unwrap();
        writer.row(["Cetaphil"]).unwrap();
        writer.row(["Gómez, Isabela"]).unwrap();
        writer.row(["say \"hi\""]).unwrap();
        writer.row(["two\r\nlines"]).unwrap();
        assert_eq!(
            text(writer),
            "\u{feff}name\r\nCetaphil\r\n\"Gómez, Isabela\"\r\n\"say \"\"hi\"\"\"\r\n\"two\r\nlines\"\r\n"
        );
    }

    #[test]
    fn money_and_instants_have_their_fixed_spelling() {
        assert_eq!(amount(Money::from_cents(2_022_300)), "20223.00");
        let at = DateTime::parse_from_rfc3339("2026-03-02T09:05:10.987654-05:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(instant(Some(at)), "2026-03-02T14:05:10.987654Z");
        assert_eq!(instant(None), "");
    }
}
