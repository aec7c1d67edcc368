//! Statements and withholding certificates as CSV, through the shared writer (`api.md` §0.7: BOM,
//! CRLF, RFC 4180, `.` decimals, RFC 3339 instants). The first column says what a row is, so one
//! table carries the opening, the movements and the closing (`opening|movement|closing`), or the
//! lines and totals of a certificate (`line|brand_total|year_total`).

use afiliados_api_types::statements::{Statement, WithholdingCertificate, WithholdingTotals};
use afiliados_domain::Money;

use crate::usecases::UseCaseError;
use crate::usecases::exports::HeaderLanguage;
use crate::usecases::exports::writer::{CsvWriter, amount, instant};

/// `(english, spanish)` headers of a statement.
const STATEMENT_COLUMNS: [(&str, &str); 19] = [
    ("row", "fila"),
    ("seq", "secuencia"),
    ("created_at", "fecha"),
    ("entry_type", "tipo"),
    ("entry_type_text", "tipo_texto"),
    ("reference", "referencia"),
    ("amount", "monto"),
    ("effect_on_available", "efecto_en_disponible"),
    ("available_after", "disponible_despues"),
    ("order_vtex_id", "pedido_vtex"),
    ("withdrawal_id", "retiro"),
    ("payment_id", "pago"),
    ("adjustment_id", "ajuste"),
    ("estimated", "estimado"),
    ("confirmed", "confirmado"),
    ("reverted", "revertido"),
    ("pending_withdrawal", "retiro_pendiente"),
    ("withdrawn", "retirado"),
    ("pending_adjustments", "ajustes_pendientes"),
];

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The statement as CSV: an `opening` row (available before the month), one `movement` row per
/// entry, a `closing` row with the available and the six buckets at the period's end.
pub fn statement(statement: &Statement, language: HeaderLanguage) -> Result<Vec<u8>, UseCaseError> {
    let mut writer = CsvWriter::new(language.header(&STATEMENT_COLUMNS))?;
    let blank = || String::new();
    let mut opening = vec![
        "opening".to_owned(),
        blank(),
        instant(Some(statement.period_start)),
    ];
    opening.extend(std::iter::repeat_with(blank).take(5));
    opening.push(amount(statement.opening_available));
    opening.extend(std::iter::repeat_with(blank).take(10));
    writer.row(opening)?;
    for m in &statement.movements {
        let mut row = vec![
            "movement".to_owned(),
            m.seq.to_string(),
            instant(Some(m.created_at)),
            m.entry_type.as_str().to_owned(),
            m.entry_type_text.clone(),
            m.reference.clone(),
            amount(m.amount),
            amount(m.effect_on_available),
            amount(m.available_after),
            m.order_vtex_id.clone().unwrap_or_default(),
            opt(m.withdrawal_id),
            opt(m.payment_id),
            opt(m.adjustment_id),
        ];
        row.extend(std::iter::repeat_with(blank).take(6));
        writer.row(row)?;
    }
    let b = &statement.closing_buckets;
    let mut closing = vec![
        "closing".to_owned(),
        blank(),
        instant(Some(statement.period_end)),
    ];
    closing.extend(std::iter::repeat_with(blank).take(5));
    closing.push(amount(statement.closing_available));
    closing.extend(std::iter::repeat_with(blank).take(4));
    for bucket in [
        b.estimated,
        b.confirmed,
        b.reverted,
        b.pending_withdrawal,
        b.withdrawn,
        b.pending_adjustments,
    ] {
        closing.push(amount(bucket));
    }
    writer.row(closing)?;
    writer.finish()
}

/// `(english, spanish)` headers of a withholding certificate.
const CERTIFICATE_COLUMNS: [(&str, &str); 13] = [
    ("row", "fila"),
    ("year", "anio"),
    ("month", "mes"),
    ("brand", "marca"),
    ("withholding_rate", "tarifa_retencion"),
    ("gross", "valor_bruto"),
    ("withheld", "valor_retenido"),
    ("net", "valor_neto"),
    ("payments", "pagos"),
    ("payee_document_type", "tipo_documento_beneficiario"),
    ("payee_document_number", "numero_documento_beneficiario"),
    ("payer_legal_name", "razon_social_pagador"),
    ("payer_nit", "nit_pagador"),
];

/// The certificate as CSV: one `line` row per brand, month and rate, one `brand_total` row per
/// brand and a `year_total` row; every row names the payee's document and the payer.
pub fn certificate(
    certificate: &WithholdingCertificate,
    language: HeaderLanguage,
) -> Result<Vec<u8>, UseCaseError> {
    let mut writer = CsvWriter::new(language.header(&CERTIFICATE_COLUMNS))?;
    let parties = [
        certificate.payee.document_type.as_str().to_owned(),
        certificate.payee.document_number.clone(),
        certificate.payer.legal_name.clone(),
        certificate.payer.nit.clone(),
    ];
    let sums = |gross: Money, withheld: Money, net: Money, payments: i64| {
        [
            amount(gross),
            amount(withheld),
            amount(net),
            payments.to_string(),
        ]
    };
    let year = certificate.year.to_string();
    for line in &certificate.lines {
        let mut row = vec![
            "line".to_owned(),
            year.clone(),
            line.month.to_string(),
            line.brand_name.clone(),
            line.withholding_rate.to_string(),
        ];
        row.extend(sums(line.gross, line.withheld, line.net, line.payments));
        row.extend(parties.iter().cloned());
        writer.row(row)?;
    }
    let total_row = |kind: &str, brand: &str, t: &WithholdingTotals| {
        let mut row = vec![
            kind.to_owned(),
            year.clone(),
            String::new(),
            brand.to_owned(),
            String::new(),
        ];
        row.extend(sums(t.gross, t.withheld, t.net, t.payments));
        row.extend(parties.iter().cloned());
        row
    };
    for brand in &certificate.brands {
        writer.row(total_row("brand_total", &brand.brand_name, &brand.totals))?;
    }
    writer.row(total_row("year_total", "", &certificate.totals))?;
    writer.finish()
}

/// `(english, spanish)` headers of the bulk run's summary.
pub const SUMMARY_COLUMNS: [(&str, &str); 9] = [
    ("influencer_id", "influenciador_id"),
    ("name", "nombre"),
    ("document_type", "tipo_documento"),
    ("document_number", "numero_documento"),
    ("payments", "pagos"),
    ("gross", "valor_bruto"),
    ("withheld", "valor_retenido"),
    ("net", "valor_neto"),
    ("files", "archivos"),
];

/// One summary row of the bulk run.
pub fn summary_row(certificate: &WithholdingCertificate, files: &str) -> Vec<String> {
    let t = &certificate.totals;
    vec![
        certificate.payee.influencer_id.to_string(),
        certificate.payee.name.clone(),
        certificate.payee.document_type.as_str().to_owned(),
        certificate.payee.document_number.clone(),
        t.payments.to_string(),
        amount(t.gross),
        amount(t.withheld),
        amount(t.net),
        files.to_owned(),
    ]
}
